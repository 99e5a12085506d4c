-- current
CREATE FUNCTION reverse_match(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT textregexeq($2, $1) $$;
CREATE OPERATOR ~<< (FUNCTION = reverse_match, LEFTARG = text, RIGHTARG = text);
COMMENT ON OPERATOR ~<< (text, text) IS 'pattern on the left';
-- desired
CREATE FUNCTION reverse_match(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT textregexeq($2, $1) $$;
CREATE OPERATOR ~<< (FUNCTION = reverse_match, LEFTARG = text, RIGHTARG = text);
COMMENT ON OPERATOR ~<< (text, text) IS 'the pattern is the left operand';
