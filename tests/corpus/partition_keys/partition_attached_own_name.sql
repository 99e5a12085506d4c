-- requires: 180000
-- current
-- desired
CREATE TABLE ref (id int PRIMARY KEY);
CREATE TABLE p (id int NOT NULL, k int, r int) PARTITION BY RANGE (k);
CREATE TABLE p3 (id int NOT NULL, k int, r int);
ALTER TABLE p ATTACH PARTITION p3 FOR VALUES FROM (20) TO (30);
