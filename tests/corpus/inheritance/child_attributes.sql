-- current

-- desired
CREATE TABLE parent (id int NOT NULL); CREATE UNLOGGED TABLE child (code text NOT NULL) INHERITS (parent) WITH (fillfactor = 80); CREATE UNIQUE INDEX child_code ON child (code); ALTER TABLE child REPLICA IDENTITY USING INDEX child_code;
