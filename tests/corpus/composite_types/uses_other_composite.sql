-- current
-- desired
CREATE TYPE point2 AS (x float8, y float8); CREATE TYPE seg AS (a point2, b point2); CREATE TABLE shapes (s seg, ss seg[]);
