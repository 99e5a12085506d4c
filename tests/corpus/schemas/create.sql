-- current
-- desired
CREATE SCHEMA app;
