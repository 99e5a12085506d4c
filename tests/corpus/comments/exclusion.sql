-- current
CREATE TABLE r (during tstzrange, CONSTRAINT r_no_overlap EXCLUDE USING gist (during WITH &&));
-- desired
CREATE TABLE r (during tstzrange, CONSTRAINT r_no_overlap EXCLUDE USING gist (during WITH &&)); COMMENT ON CONSTRAINT r_no_overlap ON r IS 'no double booking';
