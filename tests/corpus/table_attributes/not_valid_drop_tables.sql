-- current
CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int, qty int); ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID; ALTER TABLE c ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;
-- desired

