-- current
CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p);
-- desired
CREATE TABLE p (id bigint PRIMARY KEY); CREATE TABLE c (p_id bigint REFERENCES p);
