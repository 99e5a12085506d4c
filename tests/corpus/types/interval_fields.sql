-- current
-- desired
CREATE TABLE t (a interval, b interval(2), c interval day to second(3), d interval year to month);
