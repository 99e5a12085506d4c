-- current
-- desired
CREATE SCHEMA inv; CREATE TYPE inv.kind AS ENUM ('a', 'b'); CREATE SEQUENCE inv.no; CREATE TABLE inv.item (id int PRIMARY KEY, k inv.kind, no bigint DEFAULT nextval('inv.no')); CREATE VIEW inv.items AS SELECT id, k FROM inv.item;
