-- current
CREATE TABLE "Odd Table" ("Id" int PRIMARY KEY, "Note" text NOT NULL); CREATE UNIQUE INDEX "Odd Index" ON "Odd Table" ("Note");
-- desired
CREATE TABLE "Odd Table" ("Id" int PRIMARY KEY, "Note" text NOT NULL) WITH (fillfactor = 75); CREATE UNIQUE INDEX "Odd Index" ON "Odd Table" ("Note"); ALTER TABLE "Odd Table" CLUSTER ON "Odd Index"; ALTER TABLE "Odd Table" REPLICA IDENTITY USING INDEX "Odd Index"; ALTER TABLE "Odd Table" ADD CONSTRAINT "Odd Check" CHECK ("Note" <> '') NOT VALID;
