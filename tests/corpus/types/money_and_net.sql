-- current
-- desired
CREATE TABLE t (m money, i inet, c cidr, mac macaddr8);
