-- current
CREATE SCHEMA ext;
-- desired
CREATE SCHEMA ext; CREATE EXTENSION hstore SCHEMA ext; CREATE TABLE t (h ext.hstore);
