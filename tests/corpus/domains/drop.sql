-- current
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
-- desired
