-- current
CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0));
-- desired
CREATE TABLE t (a int CONSTRAINT pos CHECK (a > 0)); COMMENT ON CONSTRAINT pos ON t IS 'positive';
