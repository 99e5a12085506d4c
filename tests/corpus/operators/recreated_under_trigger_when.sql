-- current
CREATE FUNCTION same(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE FUNCTION same2(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same);
CREATE TABLE t (id integer, a integer);
CREATE FUNCTION tg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER t_same BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.a === OLD.a) EXECUTE FUNCTION tg();
-- desired
CREATE FUNCTION same(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE FUNCTION same2(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same2);
CREATE TABLE t (id integer, a integer);
CREATE FUNCTION tg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER t_same BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.a === OLD.a) EXECUTE FUNCTION tg();
