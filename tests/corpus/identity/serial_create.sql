-- current
-- desired
CREATE TABLE t (id serial PRIMARY KEY, n bigserial, s smallserial);
