-- current
-- desired
CREATE TABLE empty ();
