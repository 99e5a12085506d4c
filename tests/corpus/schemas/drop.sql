-- current
CREATE SCHEMA app;
-- desired
