-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
ALTER TABLE doc FORCE ROW LEVEL SECURITY;
CREATE POLICY p ON doc USING (owner = current_user) WITH CHECK (level > 0);
COMMENT ON POLICY p ON doc IS 'x';
-- desired

