-- current
CREATE TYPE p AS (a int, b int); CREATE VIEW v AS SELECT ROW(1, 2)::p AS r;
-- desired
CREATE TYPE p AS (b int, a int); CREATE VIEW v AS SELECT ROW(1, 2)::p AS r;
