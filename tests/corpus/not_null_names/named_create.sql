-- requires: 180000
-- current
-- desired
CREATE TABLE t (id int CONSTRAINT id_required NOT NULL);
