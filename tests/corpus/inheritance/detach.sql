-- current
CREATE TABLE parent (id int NOT NULL, created date); CREATE TABLE child (extra text) INHERITS (parent);
-- desired
CREATE TABLE parent (id int NOT NULL, created date); CREATE TABLE child (id int NOT NULL, created date, extra text);
