-- current
CREATE DOMAIN code AS varchar(10);
CREATE TABLE a (c code PRIMARY KEY);
CREATE TABLE b (c code);
CREATE INDEX b_c ON b (c);
-- desired
CREATE DOMAIN code AS varchar(40);
CREATE TABLE a (c code PRIMARY KEY);
CREATE TABLE b (c code);
CREATE INDEX b_c ON b (c);
