-- current
CREATE SCHEMA app;
-- desired
CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'application data';
