-- current
-- desired
CREATE TABLE wide (a int, b smallint, c bigint, d numeric(10,2), e real, f double precision, g text, h varchar(20), i char(3), j boolean, k date, l time, m timestamp, n timestamptz, o interval, p uuid, q jsonb, r json, s bytea, u inet, v cidr, w macaddr, x int[], y text[], z tsvector);
