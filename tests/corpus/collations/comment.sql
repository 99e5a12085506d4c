-- current
CREATE COLLATION plain_c (locale = 'C');
-- desired
CREATE COLLATION plain_c (locale = 'C');
COMMENT ON COLLATION plain_c IS 'byte order, it''s fast';
