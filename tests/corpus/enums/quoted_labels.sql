-- current
-- desired
CREATE TYPE "Weird Type" AS ENUM ('a b', 'it''s', 'UPPER');
