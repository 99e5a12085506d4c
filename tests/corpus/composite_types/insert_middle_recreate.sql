-- current
CREATE TYPE p AS (a int, c int);
-- desired
CREATE TYPE p AS (a int, b int, c int);
