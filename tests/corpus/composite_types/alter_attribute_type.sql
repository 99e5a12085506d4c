-- current
CREATE TYPE addr AS (street text, zip varchar(5));
-- desired
CREATE TYPE addr AS (street text, zip varchar(10));
