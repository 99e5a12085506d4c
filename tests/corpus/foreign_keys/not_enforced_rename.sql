-- requires: 180000
-- current
CREATE TABLE author (id int PRIMARY KEY);
CREATE TABLE book (id int PRIMARY KEY, author_id int, CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author);
-- desired
CREATE TABLE author (id int PRIMARY KEY);
CREATE TABLE book (id int PRIMARY KEY, author_id int, CONSTRAINT book_writer FOREIGN KEY (author_id) REFERENCES author NOT ENFORCED);
