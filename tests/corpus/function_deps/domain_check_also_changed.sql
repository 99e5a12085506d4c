-- current
CREATE FUNCTION small(x integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x < 100';
CREATE DOMAIN little AS integer CONSTRAINT little_small CHECK (small(VALUE));
-- desired
CREATE FUNCTION small(x integer, lim integer DEFAULT 100) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x < lim';
CREATE DOMAIN little AS integer CONSTRAINT little_small CHECK (small(VALUE, 50)) CONSTRAINT little_pos CHECK (VALUE > 0);
