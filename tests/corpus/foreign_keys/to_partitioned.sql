-- current
-- desired
CREATE TABLE ev (id int, day date, PRIMARY KEY (id, day)) PARTITION BY RANGE (day); CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'); CREATE TABLE r (id int, day date, FOREIGN KEY (id, day) REFERENCES ev);
