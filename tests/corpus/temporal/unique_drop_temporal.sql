-- requires: 180000
-- current
CREATE EXTENSION btree_gist;
CREATE TABLE price (sku text, valid daterange, UNIQUE (sku, valid WITHOUT OVERLAPS));
-- desired
CREATE EXTENSION btree_gist;
CREATE TABLE price (sku text, valid daterange, UNIQUE (sku, valid));
