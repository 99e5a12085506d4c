-- current
CREATE TABLE t (v text DEFAULT 'a');
-- desired
CREATE TABLE t (v text DEFAULT 'it''s');
