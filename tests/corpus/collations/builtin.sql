-- requires: 170000
-- current

-- desired
CREATE COLLATION utf8 (provider = builtin, locale = 'C.UTF-8');
CREATE TABLE t (v text COLLATE utf8);
