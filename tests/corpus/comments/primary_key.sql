-- current
CREATE TABLE t (id int PRIMARY KEY);
-- desired
CREATE TABLE t (id int PRIMARY KEY); COMMENT ON CONSTRAINT t_pkey ON t IS 'the key';
