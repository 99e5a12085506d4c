-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE FUNCTION tenant() RETURNS text LANGUAGE sql STABLE AS $$SELECT current_setting('app.tenant', true)$$;
CREATE POLICY tenant_rows ON doc USING (owner = tenant());
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
