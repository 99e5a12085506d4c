-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE POLICY p ON doc FOR UPDATE USING (true) WITH CHECK (level >= 0);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE POLICY p ON doc FOR UPDATE USING (true) WITH CHECK (level >= 0 AND level < 10);
