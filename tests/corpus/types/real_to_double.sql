-- current
CREATE TABLE t (v real);
-- desired
CREATE TABLE t (v double precision);
