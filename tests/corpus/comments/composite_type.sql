-- current
CREATE TYPE pair AS (a int, b text);
-- desired
CREATE TYPE pair AS (a int, b text); COMMENT ON TYPE pair IS 'two things';
