-- current
CREATE SCHEMA lib;
-- desired
CREATE SCHEMA lib;
CREATE FUNCTION lib.z_double(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x * 2 $$;
CREATE FUNCTION public.a_twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT lib.z_double(x) $$;
