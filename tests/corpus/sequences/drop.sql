-- current
CREATE SEQUENCE s;
-- desired
