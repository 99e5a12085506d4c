-- current
-- desired
CREATE TYPE pair AS (a int, b text);
