-- current
CREATE TABLE parent (id int NOT NULL); CREATE TABLE child (qty int) INHERITS (parent);
-- desired
CREATE TABLE parent (id int NOT NULL); CREATE TABLE child (qty int) INHERITS (parent); ALTER TABLE child ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;
