-- current
-- desired
CREATE TABLE p (first text, last text, full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);
