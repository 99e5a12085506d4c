-- current
CREATE SEQUENCE s MINVALUE 5; SELECT nextval('s'); SELECT nextval('s');
-- desired
CREATE SEQUENCE s MINVALUE 50;
