-- current
CREATE TABLE t (a integer, b integer);
-- desired
CREATE TABLE t (a integer, b integer);
CREATE FUNCTION report(x integer) RETURNS TABLE (a integer, b integer) LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT t.a,
         t.b
    FROM t
   WHERE t.a > x
     AND t.b < x
     AND t.a <> t.b
   ORDER BY t.a;
END;
