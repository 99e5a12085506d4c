-- current
CREATE DOMAIN d AS int; CREATE VIEW v AS SELECT 1::d AS x;
-- desired
CREATE DOMAIN d AS bigint; CREATE VIEW v AS SELECT 1::d AS x;
