-- current

-- desired
CREATE COLLATION split (lc_collate = 'C', lc_ctype = 'POSIX');
