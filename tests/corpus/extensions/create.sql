-- current
-- desired
CREATE EXTENSION citext;
