-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_owner ON doc USING (owner = current_user);
CREATE POLICY doc_insert ON doc FOR INSERT WITH CHECK (owner = current_user);
COMMENT ON POLICY doc_owner ON doc IS 'owners';
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
