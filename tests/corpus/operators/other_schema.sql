-- current
CREATE SCHEMA ops;
-- desired
CREATE SCHEMA ops;
CREATE FUNCTION reverse_match(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT textregexeq($2, $1) $$;
CREATE OPERATOR ops.~<< (FUNCTION = public.reverse_match, LEFTARG = text, RIGHTARG = text);
CREATE TABLE posts (id integer PRIMARY KEY, tags text NOT NULL);
CREATE INDEX posts_tagged ON posts ((tags OPERATOR(ops.~<<) 'x'));
