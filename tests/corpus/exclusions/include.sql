-- current
-- desired
CREATE TABLE r (a int4range, b int, CONSTRAINT r_x EXCLUDE USING gist (a WITH &&) INCLUDE (b));
