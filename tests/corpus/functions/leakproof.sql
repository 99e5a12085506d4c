-- current
CREATE FUNCTION same_tenant(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT a = b$$;
CREATE FUNCTION trusted(x text) RETURNS text LANGUAGE sql IMMUTABLE LEAKPROOF AS $$SELECT lower(x)$$;
-- desired
CREATE FUNCTION same_tenant(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE LEAKPROOF AS $$SELECT a = b$$;
CREATE FUNCTION trusted(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT lower(x)$$;
CREATE FUNCTION created_leakproof(x integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT LEAKPROOF AS $$SELECT x$$;
