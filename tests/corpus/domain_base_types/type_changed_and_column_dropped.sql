-- current
CREATE DOMAIN amount AS integer;
CREATE TABLE t (a amount, b amount);
-- desired
CREATE DOMAIN amount AS bigint;
CREATE TABLE t (a amount);
