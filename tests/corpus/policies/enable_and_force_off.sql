-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
ALTER TABLE doc FORCE ROW LEVEL SECURITY;
CREATE POLICY p ON doc USING (true);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE POLICY p ON doc USING (true);
