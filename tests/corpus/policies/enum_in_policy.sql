-- current
CREATE TYPE lvl AS ENUM ('low', 'high');
CREATE TABLE doc (id integer, l lvl);
-- desired
CREATE TYPE lvl AS ENUM ('low', 'high');
CREATE TABLE doc (id integer, l lvl);
CREATE POLICY lows ON doc FOR SELECT USING (l = 'low');
