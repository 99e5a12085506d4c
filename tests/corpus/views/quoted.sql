-- current
-- desired
CREATE TABLE "T" ("X" int); CREATE VIEW "My View" AS SELECT "X" FROM "T";
