-- current
-- desired
CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE TYPE qty AS (n posint, unit text);
