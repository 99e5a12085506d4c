-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_owner ON doc USING (owner = current_user);
CREATE POLICY doc_insert ON doc FOR INSERT TO pg_monitor WITH CHECK (owner = current_user AND body IS NOT NULL);
COMMENT ON POLICY doc_owner ON doc IS 'owners see their rows';
