-- current
-- desired
CREATE EXTENSION citext; CREATE TABLE u (email citext UNIQUE);
