-- current
CREATE TABLE t (email text);
-- desired
CREATE TABLE t (email text CONSTRAINT email_format CHECK (email ~* '^[^@]+@[^@]+$'));
