-- current
-- desired
CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE, age int CHECK (age >= 0), parent_id int REFERENCES accounts); CREATE INDEX ON accounts (lower(email)); CREATE INDEX ON accounts (age, id);
