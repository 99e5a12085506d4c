-- current
CREATE TABLE items (id integer PRIMARY KEY);
-- desired
CREATE TABLE items (id integer PRIMARY KEY, price numeric NOT NULL DEFAULT 0);
CREATE FUNCTION total_price() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT sum(i.price) FROM items i;
END;
