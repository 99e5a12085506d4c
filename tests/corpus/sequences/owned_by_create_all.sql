-- current
-- desired
CREATE TABLE t (id int); CREATE SEQUENCE t_id_seq OWNED BY t.id; ALTER TABLE t ALTER COLUMN id SET DEFAULT nextval('t_id_seq');
