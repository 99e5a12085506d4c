-- current
CREATE SCHEMA "sales ""eu"" 'x'\";
CREATE TABLE "sales ""eu"" 'x'\".orders (id int PRIMARY KEY, total numeric);
-- desired
CREATE SCHEMA "sales ""eu"" 'x'\";
CREATE TABLE "sales ""eu"" 'x'\".orders (id int PRIMARY KEY, total numeric NOT NULL, note text);
CREATE INDEX orders_note ON "sales ""eu"" 'x'\".orders (note);
