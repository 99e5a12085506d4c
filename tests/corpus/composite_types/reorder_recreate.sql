-- current
CREATE TYPE p AS (a int, b int);
-- desired
CREATE TYPE p AS (b int, a int);
