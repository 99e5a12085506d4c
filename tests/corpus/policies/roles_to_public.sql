-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE POLICY p ON doc FOR SELECT TO pg_read_all_stats, pg_monitor USING (level > 0);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE POLICY p ON doc FOR SELECT USING (level > 0);
