-- current
-- desired
CREATE TABLE items (id integer PRIMARY KEY, price numeric NOT NULL);
CREATE FUNCTION total_price() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT coalesce(sum(price), 0) FROM items;
END;
CREATE PROCEDURE add_item(i integer, p numeric) LANGUAGE sql
BEGIN ATOMIC
  INSERT INTO items VALUES (i, p);
  SELECT CASE WHEN p < 0 THEN 1 END;
END;
