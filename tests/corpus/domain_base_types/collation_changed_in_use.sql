-- current
CREATE DOMAIN name_text AS text;
CREATE TABLE t (n name_text);
-- desired
CREATE DOMAIN name_text AS text COLLATE "C";
CREATE TABLE t (n name_text);
