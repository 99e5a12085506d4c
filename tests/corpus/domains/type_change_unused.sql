-- current
CREATE DOMAIN d AS int;
-- desired
CREATE DOMAIN d AS bigint;
