-- current
-- desired
CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p); COMMENT ON CONSTRAINT c_p_fkey ON c IS 'parent';
