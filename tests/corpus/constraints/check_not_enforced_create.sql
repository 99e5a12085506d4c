-- requires: 180000
-- current
-- desired
CREATE TABLE t (id int PRIMARY KEY, qty int CONSTRAINT qty_positive CHECK (qty > 0) NOT ENFORCED,
                price numeric CHECK (price >= 0));
