-- current
CREATE SCHEMA catalog; CREATE DOMAIN catalog.price AS numeric(12,2) CHECK (VALUE >= 0);
CREATE TABLE catalog.product (id int PRIMARY KEY, price catalog.price);
CREATE VIEW catalog.cheap AS SELECT id FROM catalog.product WHERE price < 10;
-- desired
