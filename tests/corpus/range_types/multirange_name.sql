-- current
-- desired
CREATE SCHEMA sched;
CREATE TYPE sched.shift AS RANGE (SUBTYPE = timestamptz, MULTIRANGE_TYPE_NAME = sched.shifts);
CREATE TABLE sched.roster (id integer, worked sched.shifts, current_shift sched.shift);
