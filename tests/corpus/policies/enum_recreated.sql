-- current
CREATE TYPE lvl AS ENUM ('low', 'mid', 'high');
CREATE TABLE doc (id integer, l lvl);
CREATE POLICY lows ON doc FOR SELECT USING (l = 'low');
CREATE POLICY all_rows ON doc USING (id > 0);
-- desired
CREATE TYPE lvl AS ENUM ('low', 'high');
CREATE TABLE doc (id integer, l lvl);
CREATE POLICY lows ON doc FOR SELECT USING (l = 'low');
CREATE POLICY all_rows ON doc USING (id > 0);
