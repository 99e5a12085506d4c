-- current
CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int REFERENCES a, v int);
-- desired
CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int REFERENCES a, v int); CREATE MATERIALIZED VIEW ab AS SELECT a.id, sum(b.v) AS s FROM a JOIN b ON b.a_id = a.id GROUP BY a.id; CREATE UNIQUE INDEX ab_id ON ab (id); CREATE INDEX ab_s ON ab (s DESC);
