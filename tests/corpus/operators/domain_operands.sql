-- current
-- desired
CREATE DOMAIN code AS text CHECK (VALUE ~ '^[A-Z]+$');
CREATE FUNCTION code_like(code, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1::text LIKE $2';
CREATE OPERATOR ~~~ (FUNCTION = code_like, LEFTARG = code, RIGHTARG = text);
