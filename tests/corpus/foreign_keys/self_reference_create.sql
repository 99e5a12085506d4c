-- current
-- desired
CREATE TABLE employee (id int PRIMARY KEY, manager_id int REFERENCES employee);
