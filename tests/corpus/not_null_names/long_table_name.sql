-- current
-- desired
CREATE TABLE a_very_long_table_name_that_goes_on_and_on_and_on_forever_x (a_very_long_column_name_that_also_goes_on_and_on int NOT NULL);
