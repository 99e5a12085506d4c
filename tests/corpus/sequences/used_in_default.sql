-- current
-- desired
CREATE SEQUENCE order_no START 1000; CREATE TABLE orders (no bigint NOT NULL DEFAULT nextval('order_no'));
