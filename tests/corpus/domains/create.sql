-- current
-- desired
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
