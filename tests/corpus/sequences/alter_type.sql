-- current
CREATE SEQUENCE s AS bigint;
-- desired
CREATE SEQUENCE s AS integer;
