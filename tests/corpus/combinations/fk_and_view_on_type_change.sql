-- current
CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p, n varchar(5)); CREATE VIEW cv AS SELECT p_id, n FROM c;
-- desired
CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p, n varchar(50)); CREATE VIEW cv AS SELECT p_id, n FROM c;
