-- current

-- desired
CREATE TABLE parent (id int NOT NULL, qty int CONSTRAINT qty_positive CHECK (qty > 0)); CREATE TABLE child (extra text CHECK (extra <> '')) INHERITS (parent);
