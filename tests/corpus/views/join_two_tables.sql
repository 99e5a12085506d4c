-- current
-- desired
CREATE TABLE u (id int PRIMARY KEY, name text); CREATE TABLE o (id int PRIMARY KEY, u_id int REFERENCES u, total numeric); CREATE VIEW uo AS SELECT u.name, sum(o.total) AS total FROM u JOIN o ON o.u_id = u.id GROUP BY u.name;
