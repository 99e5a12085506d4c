-- current
-- desired
CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p DEFERRABLE);
