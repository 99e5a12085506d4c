-- current
-- desired
CREATE FUNCTION "step; DROP ""x"""(s text, x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT s || x';
CREATE AGGREGATE "Agg ""Name"""(text) (SFUNC = "step; DROP ""x""", STYPE = text, INITCOND = 'it''s $$ -- not a comment');
COMMENT ON AGGREGATE "Agg ""Name"""(text) IS E'line\nnext ''q''';
