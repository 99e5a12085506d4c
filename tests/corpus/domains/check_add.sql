-- current
CREATE DOMAIN d AS int;
-- desired
CREATE DOMAIN d AS int CONSTRAINT d_pos CHECK (VALUE > 0);
