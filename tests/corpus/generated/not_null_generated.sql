-- current
-- desired
CREATE TABLE t (price numeric NOT NULL, qty int NOT NULL, total numeric NOT NULL GENERATED ALWAYS AS (price * qty) STORED);
