-- current
-- desired
CREATE TABLE "select" ("from" int, "where" text);
