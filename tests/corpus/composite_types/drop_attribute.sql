-- current
CREATE TYPE addr AS (street text, city text, zip text);
-- desired
CREATE TYPE addr AS (street text, city text);
