-- current
-- desired
CREATE FUNCTION reverse_match(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT textregexeq($2, $1) $$;
CREATE OPERATOR ~<< (FUNCTION = reverse_match, LEFTARG = text, RIGHTARG = text);
