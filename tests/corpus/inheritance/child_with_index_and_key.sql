-- current

-- desired
CREATE TABLE parent (id int NOT NULL, created date); CREATE TABLE child (extra text, PRIMARY KEY (id)) INHERITS (parent); CREATE INDEX child_created ON child (created);
