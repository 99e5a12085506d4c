-- current

-- desired
CREATE TABLE a (id int NOT NULL); CREATE TABLE b (label text) INHERITS (a); CREATE TABLE c (extra text) INHERITS (b);
