-- current
CREATE TABLE items (id integer PRIMARY KEY, price numeric NOT NULL);
CREATE FUNCTION total_price() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT sum(price) FROM items;
END;
-- desired
CREATE TABLE items (id integer PRIMARY KEY, price numeric NOT NULL);
CREATE FUNCTION total_price() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT coalesce(sum(price), 0) FROM items;
END;
