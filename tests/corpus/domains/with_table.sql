-- current
-- desired
CREATE DOMAIN posint AS integer CONSTRAINT posint_check CHECK (VALUE > 0); CREATE TABLE t (qty posint NOT NULL);
