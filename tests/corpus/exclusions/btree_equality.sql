-- current
CREATE TABLE r (a int);
-- desired
CREATE TABLE r (a int, CONSTRAINT r_a_excl EXCLUDE (a WITH =));
