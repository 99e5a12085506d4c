-- current
-- desired
CREATE EXTENSION hstore; CREATE TABLE t (id uuid DEFAULT gen_random_uuid(), h hstore NOT NULL DEFAULT ''::hstore);
