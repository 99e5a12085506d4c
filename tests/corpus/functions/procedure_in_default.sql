-- current
CREATE TABLE t (a integer, note text);
CREATE PROCEDURE mark(n integer, note text DEFAULT 'first') LANGUAGE plpgsql AS $$BEGIN UPDATE t SET note = mark.note WHERE a = n; END$$;
-- desired
CREATE TABLE t (a integer, note text);
CREATE PROCEDURE mark(n integer, note text DEFAULT 'second') LANGUAGE plpgsql AS $$BEGIN UPDATE t SET note = mark.note WHERE a = n; END$$;
