-- current
-- desired
CREATE TABLE t (id smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
