-- requires: 180000
-- current
-- desired
CREATE TABLE t (id int PRIMARY KEY, email text, name text NOT NULL);
ALTER TABLE t ADD CONSTRAINT email_required NOT NULL email NOT VALID;
