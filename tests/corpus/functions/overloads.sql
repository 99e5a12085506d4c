-- current
CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x';
-- desired
CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x';
CREATE FUNCTION f(x text) RETURNS text LANGUAGE sql AS 'SELECT x';
CREATE FUNCTION f(x text, VARIADIC rest text[]) RETURNS text LANGUAGE sql AS 'SELECT x';
