-- current
CREATE COLLATION mine (locale = 'C');
-- desired
CREATE COLLATION mine (locale = 'POSIX');
