-- current

-- desired
CREATE TABLE parent (id int NOT NULL, created date); CREATE TABLE child (id int NOT NULL, extra text) INHERITS (parent);
