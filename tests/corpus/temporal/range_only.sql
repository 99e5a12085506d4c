-- requires: 180000
-- current
-- desired
CREATE TABLE slot (r int4range, during tstzrange, PRIMARY KEY (r, during WITHOUT OVERLAPS));
