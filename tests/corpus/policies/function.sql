-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE FUNCTION tenant() RETURNS text LANGUAGE sql STABLE AS $$SELECT current_setting('app.tenant', true)$$;
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON doc USING (owner = tenant()) WITH CHECK (owner = tenant());
