-- current
CREATE FUNCTION f(x text) RETURNS text LANGUAGE plpgsql AS $$BEGIN RETURN upper(x); END$$;
-- desired
CREATE FUNCTION f(x text) RETURNS text LANGUAGE plpgsql AS $body$
BEGIN
  -- $$ is not the end of this body
  RETURN lower(x) || '$fn$';
END
$body$;
