-- current
CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE DOMAIN feeling AS mood DEFAULT 'meh' NOT NULL CONSTRAINT not_sad CHECK (VALUE <> 'sad');
COMMENT ON DOMAIN feeling IS 'how it feels';
CREATE TABLE t (f feeling, g feeling DEFAULT 'happy', h mood);
-- desired
CREATE TYPE mood AS ENUM ('meh', 'happy', 'sad');
CREATE DOMAIN feeling AS mood DEFAULT 'meh' NOT NULL CONSTRAINT not_sad CHECK (VALUE <> 'sad');
COMMENT ON DOMAIN feeling IS 'how it feels';
CREATE TABLE t (f feeling, g feeling DEFAULT 'happy', h mood);
