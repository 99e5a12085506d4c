-- requires: 180000
-- current
CREATE EXTENSION btree_gist;
-- desired
CREATE EXTENSION btree_gist;
CREATE TABLE price (sku text, valid daterange, amount numeric, CONSTRAINT price_once UNIQUE (sku, valid WITHOUT OVERLAPS));
