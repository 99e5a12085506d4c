-- current
-- desired
CREATE TYPE mood AS ENUM ('a', 'b'); CREATE DOMAIN strong_mood AS mood NOT NULL; CREATE TABLE t (m strong_mood);
