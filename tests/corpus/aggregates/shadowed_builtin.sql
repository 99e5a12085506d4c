-- current
-- desired
CREATE FUNCTION textcat(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT b || a';
CREATE AGGREGATE cat_builtin(text) (SFUNC = pg_catalog.textcat, STYPE = text);
CREATE AGGREGATE cat_mine(text) (SFUNC = public.textcat, STYPE = text);
