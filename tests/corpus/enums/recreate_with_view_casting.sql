-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE VIEW v AS SELECT 'ok'::mood AS m;
-- desired
CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE VIEW v AS SELECT 'ok'::mood AS m;
