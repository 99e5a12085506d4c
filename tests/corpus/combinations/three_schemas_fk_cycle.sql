-- current
-- desired
CREATE SCHEMA x; CREATE SCHEMA y; CREATE SCHEMA z;
CREATE TABLE x.a (id int PRIMARY KEY, c_id int); CREATE TABLE y.b (id int PRIMARY KEY, a_id int REFERENCES x.a);
CREATE TABLE z.c (id int PRIMARY KEY, b_id int REFERENCES y.b); ALTER TABLE x.a ADD FOREIGN KEY (c_id) REFERENCES z.c;
