-- current
-- desired
CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE a.x (id int PRIMARY KEY, y_id int); CREATE TABLE b.y (id int PRIMARY KEY, x_id int REFERENCES a.x); ALTER TABLE a.x ADD FOREIGN KEY (y_id) REFERENCES b.y;
