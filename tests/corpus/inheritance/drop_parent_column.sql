-- current
CREATE TABLE parent (id int NOT NULL, note text); CREATE TABLE child (extra text) INHERITS (parent);
-- desired
CREATE TABLE parent (id int NOT NULL); CREATE TABLE child (extra text) INHERITS (parent);
