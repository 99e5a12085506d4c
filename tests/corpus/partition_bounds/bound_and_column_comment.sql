-- current
CREATE TABLE m (k integer, v text) PARTITION BY LIST (k);
CREATE TABLE m_a PARTITION OF m FOR VALUES IN (1);
-- desired
CREATE TABLE m (k integer, v text) PARTITION BY LIST (k);
CREATE TABLE m_a PARTITION OF m FOR VALUES IN (1, 5);
COMMENT ON TABLE m_a IS 'ones and fives';
