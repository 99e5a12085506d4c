-- current
-- desired
CREATE SCHEMA "My App"; CREATE TABLE "My App"."Item" (id int PRIMARY KEY);
