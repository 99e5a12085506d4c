-- current
CREATE DOMAIN price AS numeric(8,2);
CREATE TABLE t (ps price[]);
-- desired
CREATE DOMAIN price AS numeric(12,4);
CREATE TABLE t (ps price[]);
