-- requires: 180000
-- current
CREATE TABLE ref (id int PRIMARY KEY);
CREATE TABLE p (id int NOT NULL, k int, r int) PARTITION BY RANGE (k);
-- desired
CREATE TABLE ref (id int PRIMARY KEY);
CREATE TABLE p (id int NOT NULL, k int, r int) PARTITION BY RANGE (k);
CREATE TABLE p1 PARTITION OF p (CONSTRAINT p1_id_required NOT NULL id) FOR VALUES FROM (0) TO (10);
