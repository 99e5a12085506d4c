-- current
CREATE TABLE post (id integer);
INSERT INTO post VALUES (1), (2);
CREATE TABLE comment (id integer, post_id integer);
INSERT INTO comment VALUES (1, 1);
-- desired
CREATE TABLE post (id integer PRIMARY KEY);
CREATE TABLE comment (id integer, post_id integer REFERENCES post (id));
