-- requires: 180000
-- current
-- desired
CREATE TABLE author (id int PRIMARY KEY);
CREATE TABLE book (id int PRIMARY KEY, author_id int,
                   CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author ON DELETE CASCADE NOT ENFORCED);
