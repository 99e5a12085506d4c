-- current
-- desired
CREATE SEQUENCE counter;
