-- current
CREATE SCHEMA geo;
-- desired
CREATE SCHEMA geo; CREATE TYPE geo.ll AS (lat float8, lon float8); CREATE TABLE geo.place (loc geo.ll);
