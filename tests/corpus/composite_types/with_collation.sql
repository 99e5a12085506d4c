-- current
-- desired
CREATE TYPE named AS (name text COLLATE "C", n int);
