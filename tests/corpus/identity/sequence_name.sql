-- current
-- desired
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_ids));
