-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
-- desired
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');COMMENT ON TYPE mood IS 'how it feels';
