-- current

-- desired
CREATE TABLE a (id int NOT NULL); CREATE TABLE b (label text); CREATE TABLE c (extra text) INHERITS (a, b);
