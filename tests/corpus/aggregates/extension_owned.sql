-- current
CREATE EXTENSION intagg;
-- desired
CREATE EXTENSION intagg;
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);
