-- requires: 180000
-- current
CREATE TABLE t (id int PRIMARY KEY);
-- desired
CREATE TABLE t (id int PRIMARY KEY, email text);
ALTER TABLE t ADD CONSTRAINT t_email_not_null NOT NULL email NOT VALID;
