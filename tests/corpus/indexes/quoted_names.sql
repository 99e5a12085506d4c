-- current
-- desired
CREATE TABLE "T" ("A b" text, "C" int); CREATE INDEX "T idx" ON "T" ("A b", "C" DESC);
