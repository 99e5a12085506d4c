-- current
CREATE TABLE t (id uuid);
-- desired
CREATE TABLE t (id uuid DEFAULT gen_random_uuid());
