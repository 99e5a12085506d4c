-- current
CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int CONSTRAINT c_fk REFERENCES p);
-- desired
CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int CONSTRAINT c_parent_fk REFERENCES p);
