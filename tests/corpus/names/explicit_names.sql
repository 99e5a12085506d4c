-- current
-- desired
CREATE TABLE a (id int CONSTRAINT a_id PRIMARY KEY, e text CONSTRAINT a_e UNIQUE, n int CONSTRAINT a_n CHECK (n > 0)); CREATE INDEX a_lookup ON a (e, n);
