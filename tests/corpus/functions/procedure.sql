-- current
CREATE TABLE t (a integer);
-- desired
CREATE TABLE t (a integer);
CREATE PROCEDURE reset(INOUT n integer DEFAULT 0) LANGUAGE plpgsql AS $$BEGIN UPDATE t SET a = n; END$$;
COMMENT ON PROCEDURE reset(integer) IS 'sets every a';
