-- current
CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE DOMAIN feeling AS mood CHECK (VALUE IS NOT NULL);
-- desired
CREATE TYPE mood AS ENUM ('meh', 'sad', 'happy');
CREATE DOMAIN feeling AS mood CHECK (VALUE IS NOT NULL);
