-- current
CREATE VIEW v AS SELECT 1 AS one;
-- desired
CREATE VIEW v AS SELECT 1 AS one; COMMENT ON VIEW v IS 'a view';
