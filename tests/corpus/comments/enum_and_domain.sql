-- current
CREATE TYPE e AS ENUM ('a'); CREATE DOMAIN d AS int;
-- desired
CREATE TYPE e AS ENUM ('a'); CREATE DOMAIN d AS int; COMMENT ON TYPE e IS 'enum'; COMMENT ON DOMAIN d IS 'domain';
