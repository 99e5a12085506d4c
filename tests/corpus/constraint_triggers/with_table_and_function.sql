-- current
-- desired
CREATE TABLE t (id integer PRIMARY KEY, v integer);
CREATE FUNCTION chk() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE CONSTRAINT TRIGGER t_check AFTER DELETE ON t DEFERRABLE FOR EACH ROW EXECUTE FUNCTION chk('a', 'b');
COMMENT ON TRIGGER t_check ON t IS 'checked at commit';
