-- current

-- desired
CREATE SCHEMA app;
CREATE TABLE app.doc (id integer, owner text);
CREATE FUNCTION app.me() RETURNS text LANGUAGE sql STABLE AS $$SELECT current_user::text$$;
ALTER TABLE app.doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON app.doc USING (owner = app.me());
