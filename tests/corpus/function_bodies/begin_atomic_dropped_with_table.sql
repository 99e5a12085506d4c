-- current
CREATE TABLE items (id integer PRIMARY KEY, price numeric NOT NULL);
CREATE FUNCTION total_price() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT sum(price) FROM items;
END;
-- desired
