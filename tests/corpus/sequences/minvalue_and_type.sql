-- current
CREATE SEQUENCE s AS smallint;
-- desired
CREATE SEQUENCE s AS integer MINVALUE 100;
