-- current
CREATE DOMAIN amount AS integer CHECK (VALUE >= 0);
CREATE TABLE t (a amount, b amount DEFAULT 5);
-- desired
CREATE DOMAIN amount AS bigint CHECK (VALUE >= 0);
CREATE TABLE t (a amount, b amount DEFAULT 5);
