-- current
CREATE TYPE p AS (a int, b int); CREATE VIEW v AS SELECT (ROW(1, 2)::p).a AS a;
-- desired
CREATE TYPE p AS (a int, b bigint, c text); CREATE VIEW v AS SELECT (ROW(1, 2, 'x')::p).a AS a;
