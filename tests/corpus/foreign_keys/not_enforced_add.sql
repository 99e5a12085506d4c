-- requires: 180000
-- current
CREATE TABLE author (id int PRIMARY KEY);
CREATE TABLE book (id int PRIMARY KEY, author_id int);
INSERT INTO book VALUES (1, 42);
-- desired
CREATE TABLE author (id int PRIMARY KEY);
CREATE TABLE book (id int PRIMARY KEY, author_id int REFERENCES author NOT ENFORCED);
