-- current
-- desired
CREATE TABLE t (code varchar(8) NOT NULL UNIQUE CHECK (length(code) = 8));
