-- current
CREATE TABLE orders (id integer PRIMARY KEY, amount numeric);
CREATE TABLE archive (id integer, amount numeric);
CREATE FUNCTION keep_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO archive SELECT id, amount FROM gone; RETURN NULL; END $$;
CREATE TRIGGER orders_deleted AFTER DELETE ON orders REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION keep_deleted();
CREATE TRIGGER orders_changed AFTER UPDATE ON orders FOR EACH STATEMENT EXECUTE FUNCTION keep_deleted();
-- desired
CREATE TABLE orders (id integer PRIMARY KEY, amount numeric);
CREATE TABLE archive (id integer, amount numeric);
CREATE FUNCTION keep_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO archive SELECT id, amount FROM gone; RETURN NULL; END $$;
CREATE TRIGGER orders_deleted AFTER DELETE ON orders FOR EACH STATEMENT EXECUTE FUNCTION keep_deleted();
CREATE TRIGGER orders_changed AFTER UPDATE ON orders REFERENCING OLD TABLE AS gone NEW TABLE AS "New Rows" FOR EACH ROW EXECUTE FUNCTION keep_deleted();
CREATE TRIGGER orders_added AFTER INSERT ON orders REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION keep_deleted();
