-- current
-- desired
CREATE TABLE t (at timestamp, v int) PARTITION BY RANGE ((at::date)); CREATE TABLE t_p PARTITION OF t FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
