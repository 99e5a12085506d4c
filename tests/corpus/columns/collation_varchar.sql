-- current
-- desired
CREATE TABLE t (code varchar(10) COLLATE "C" NOT NULL);
