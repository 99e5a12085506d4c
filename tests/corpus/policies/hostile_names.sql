-- current

-- desired
CREATE TABLE "Odd ""doc""" (id integer, "Own-er" text);
ALTER TABLE "Odd ""doc""" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "it's; DROP TABLE x; --" ON "Odd ""doc""" USING ("Own-er" = 'x''; $$ /* -- */');
CREATE POLICY "Ünï ""cødé""" ON "Odd ""doc""" FOR INSERT TO pg_monitor WITH CHECK ("Own-er" <> E'\\');
COMMENT ON POLICY "Ünï ""cødé""" ON "Odd ""doc""" IS 'a ''comment'' -- ;';
