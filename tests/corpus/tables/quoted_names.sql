-- current
-- desired
CREATE TABLE "Order" ("Id" int PRIMARY KEY, "user" text, "group" int);
