-- current
CREATE TYPE addr AS (street text, city text);
-- desired
CREATE TYPE addr AS (street text, city text, zip varchar(10));
