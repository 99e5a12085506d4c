-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
-- desired
CREATE TYPE mood AS ENUM ('sad', 'happy', 'angry');
