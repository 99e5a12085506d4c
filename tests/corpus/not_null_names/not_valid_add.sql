-- requires: 180000
-- current
CREATE TABLE t (id int PRIMARY KEY, email text);
INSERT INTO t VALUES (1, NULL);
-- desired
CREATE TABLE t (id int PRIMARY KEY, email text);
ALTER TABLE t ADD CONSTRAINT email_required NOT NULL email NOT VALID;
