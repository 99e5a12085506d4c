-- current
-- desired
CREATE TABLE items (id integer PRIMARY KEY, qty integer NOT NULL);
CREATE FUNCTION z_has_stock(p_id integer) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT qty > 0 FROM items WHERE id = p_id;
$$;
CREATE FUNCTION a_in_stock(p_id integer) RETURNS SETOF integer LANGUAGE sql AS $$
    SELECT id FROM items WHERE id = p_id AND z_has_stock(id);
$$;
