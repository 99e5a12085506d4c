-- current
CREATE EXTENSION citext;
-- desired
