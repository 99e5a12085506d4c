-- current
-- desired
CREATE DOMAIN tag AS varchar(20) CHECK (VALUE <> ''); CREATE TABLE t (tags tag[]);
