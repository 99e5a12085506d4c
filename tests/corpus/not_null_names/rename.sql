-- requires: 180000
-- current
CREATE TABLE t (id int NOT NULL);
-- desired
CREATE TABLE t (id int CONSTRAINT id_required NOT NULL);
