-- current
-- desired
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema".";drop table x;--" (id integer PRIMARY KEY);
CREATE TABLE "select" ("from" integer);
CREATE FUNCTION "Odd Schema"."""chk"""() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE CONSTRAINT TRIGGER "Trigger ""x""; --" AFTER UPDATE OF "from" ON "select" FROM "Odd Schema".";drop table x;--" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "Odd Schema"."""chk"""('it''s', E'\\');
COMMENT ON TRIGGER "Trigger ""x""; --" ON "select" IS 'it''s $$ -- not';
