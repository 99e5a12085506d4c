-- current
CREATE TABLE parent (id int NOT NULL, created date); CREATE TABLE child (id int NOT NULL, created date, extra text);
-- desired
CREATE TABLE parent (id int NOT NULL, created date); CREATE TABLE child (id int NOT NULL, created date, extra text); ALTER TABLE child INHERIT parent;
