-- requires: 180000
-- current
CREATE TABLE t (id int PRIMARY KEY, email text);
ALTER TABLE t ADD CONSTRAINT email_required NOT NULL email NOT VALID;
INSERT INTO t VALUES (1, 'a@b');
-- desired
CREATE TABLE t (id int PRIMARY KEY, email text CONSTRAINT email_required NOT NULL);
