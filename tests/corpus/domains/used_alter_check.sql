-- current
CREATE DOMAIN d AS int; CREATE TABLE t (v d);
-- desired
CREATE DOMAIN d AS int CONSTRAINT d_small CHECK (VALUE < 1000); CREATE TABLE t (v d);
