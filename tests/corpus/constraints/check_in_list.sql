-- current
CREATE TABLE t (status text);
-- desired
CREATE TABLE t (status text CHECK (status IN ('new', 'done', 'failed')));
