-- current
CREATE SEQUENCE s;
-- desired
CREATE SEQUENCE s; COMMENT ON SEQUENCE s IS 'invoice numbers';
