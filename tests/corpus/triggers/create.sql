-- current
CREATE TABLE t (a integer, b integer, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;
-- desired
CREATE TABLE t (a integer, b integer, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER t_b AFTER UPDATE OF b, a ON t FOR EACH ROW WHEN (OLD.b IS DISTINCT FROM NEW.b) EXECUTE FUNCTION touch('x', 'it''s');
CREATE TRIGGER t_stmt AFTER INSERT OR DELETE OR TRUNCATE ON t FOR EACH STATEMENT EXECUTE FUNCTION touch();
COMMENT ON TRIGGER t_touch ON t IS 'keeps updated_at';
