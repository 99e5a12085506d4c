-- current
-- desired
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema".t (id integer PRIMARY KEY, v text);
CREATE VIEW "Odd Schema".";drop view x;--" AS SELECT id, v FROM "Odd Schema".t;
CREATE FUNCTION "Odd Schema"."""ins"""() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER "Trigger ""x""; --" INSTEAD OF UPDATE ON "Odd Schema".";drop view x;--" FOR EACH ROW EXECUTE FUNCTION "Odd Schema"."""ins"""('it''s', '$$');
COMMENT ON TRIGGER "Trigger ""x""; --" ON "Odd Schema".";drop view x;--" IS 'it''s $$ -- not';
