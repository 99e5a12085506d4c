-- current
CREATE TABLE posts (id integer PRIMARY KEY, tags text NOT NULL);
-- desired
CREATE FUNCTION reverse_match(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT textregexeq($2, $1) $$;
CREATE OPERATOR ~<< (FUNCTION = reverse_match, LEFTARG = text, RIGHTARG = text);
CREATE TABLE posts (id integer PRIMARY KEY, tags text NOT NULL);
CREATE INDEX posts_tagged ON posts (id) WHERE ('^a' ~<< tags);
