-- current
-- desired
CREATE FUNCTION cnt_step(s bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s + 1';
CREATE AGGREGATE my_count(*) (SFUNC = cnt_step, STYPE = bigint, INITCOND = '0');
