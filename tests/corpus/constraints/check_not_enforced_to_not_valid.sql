-- requires: 180000
-- current
CREATE TABLE t (id int PRIMARY KEY, qty int, CONSTRAINT qty_positive CHECK (qty > 0) NOT ENFORCED);
INSERT INTO t VALUES (1, -5);
-- desired
CREATE TABLE t (id int PRIMARY KEY, qty int);
INSERT INTO t VALUES (1, -5);
ALTER TABLE t ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;
