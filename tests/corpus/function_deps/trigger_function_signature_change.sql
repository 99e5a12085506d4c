-- current
CREATE TABLE t (a integer, touched timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched := now(); RETURN NEW; END$$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION label(x integer) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT x::text';
CREATE INDEX t_label ON t (label(a));
-- desired
CREATE TABLE t (a integer, touched timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched := now(); RETURN NEW; END$$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION label(x integer, prefix text DEFAULT '') RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT prefix || x::text';
CREATE INDEX t_label ON t (label(a));
