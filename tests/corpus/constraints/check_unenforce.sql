-- requires: 180000
-- current
CREATE TABLE t (id int PRIMARY KEY, qty int, CONSTRAINT qty_positive CHECK (qty > 0));
-- desired
CREATE TABLE t (id int PRIMARY KEY, qty int, CONSTRAINT qty_positive CHECK (qty > 0) NOT ENFORCED);
