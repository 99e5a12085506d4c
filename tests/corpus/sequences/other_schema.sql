-- current
CREATE SCHEMA s;
-- desired
CREATE SCHEMA s; CREATE SEQUENCE s.seq;
