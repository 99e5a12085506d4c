-- current
CREATE VIEW v AS SELECT 1 AS "a""b; --", 2 AS plain;
COMMENT ON COLUMN v.plain IS 'x';
-- desired
CREATE VIEW v AS SELECT 1 AS "a""b; --", 2 AS plain;
COMMENT ON COLUMN v."a""b; --" IS E'it''s; DROP TABLE x; -- $$ $q$ /* \\ \n日本語 ✓';
COMMENT ON COLUMN v.plain IS '$$; SELECT 1; $$';
