-- current
CREATE SCHEMA ext; CREATE EXTENSION citext;
-- desired
CREATE SCHEMA ext; CREATE EXTENSION citext SCHEMA ext;
