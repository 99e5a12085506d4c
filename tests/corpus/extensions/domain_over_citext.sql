-- current
-- desired
CREATE EXTENSION citext; CREATE DOMAIN email AS citext CHECK (VALUE ~ '@'); CREATE TABLE u (e email);
