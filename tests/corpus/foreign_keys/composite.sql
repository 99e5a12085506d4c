-- current
CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (a int, b int);
-- desired
CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (a int, b int, CONSTRAINT c_p_fk FOREIGN KEY (a, b) REFERENCES p (a, b));
