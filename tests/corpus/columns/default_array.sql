-- current
CREATE TABLE t (tags text[]);
-- desired
CREATE TABLE t (tags text[] NOT NULL DEFAULT '{}');
