-- current
CREATE TABLE p (id int PRIMARY KEY, code int UNIQUE); CREATE TABLE c (x int CONSTRAINT c_x_fkey REFERENCES p (id));
-- desired
CREATE TABLE p (id int PRIMARY KEY, code int UNIQUE); CREATE TABLE c (x int CONSTRAINT c_x_fkey REFERENCES p (code));
