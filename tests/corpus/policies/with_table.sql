-- current

-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
ALTER TABLE doc FORCE ROW LEVEL SECURITY;
CREATE POLICY p ON doc AS RESTRICTIVE FOR DELETE TO pg_monitor USING (level = 0);
CREATE POLICY q ON doc FOR INSERT WITH CHECK (body <> '');
