-- moved: app.t from public
-- current
CREATE SCHEMA app;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.at := now(); RETURN NEW; END$$;
CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz);
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
-- desired
CREATE SCHEMA app;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.at := now(); RETURN NEW; END$$;
CREATE TABLE app.t (id bigint PRIMARY KEY, at timestamptz);
CREATE TRIGGER t_touch BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION touch();
