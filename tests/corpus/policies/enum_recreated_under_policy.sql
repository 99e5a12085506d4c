-- current
CREATE TYPE mood AS ENUM ('a', 'b', 'c');
CREATE TABLE o (id integer, k text);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY o_mood ON o USING (o.k::mood <> 'a'::mood);
-- desired
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE o (id integer, k text);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY o_mood ON o USING (o.k::mood <> 'a'::mood);
