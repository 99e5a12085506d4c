-- current

-- desired
CREATE COLLATION plain_c (locale = 'C');
