-- current
CREATE TABLE t (id int);
-- desired
CREATE TABLE t (id int, "Full Name" text, "order" int);
