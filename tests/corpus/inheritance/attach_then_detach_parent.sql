-- current
CREATE TABLE a (id int NOT NULL); CREATE TABLE b (id int NOT NULL, label text); ALTER TABLE b INHERIT a;
-- desired
CREATE TABLE a (id int NOT NULL); CREATE TABLE b (id int NOT NULL, label text);
