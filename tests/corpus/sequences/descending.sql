-- current
-- desired
CREATE SEQUENCE down INCREMENT BY -1;
