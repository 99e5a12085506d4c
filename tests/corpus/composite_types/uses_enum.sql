-- current
-- desired
CREATE TYPE color AS ENUM ('r', 'g'); CREATE TYPE px AS (c color, alpha real);
