-- current
-- desired
CREATE SCHEMA "Odd Schema";
CREATE TYPE "Odd Schema".mood AS ENUM ('ok', 'sad');
CREATE FUNCTION "Odd Schema"."Pick Mood"(m "Odd Schema".mood DEFAULT 'ok') RETURNS "Odd Schema".mood
  LANGUAGE sql AS 'SELECT m';
