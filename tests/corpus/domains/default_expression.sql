-- current
-- desired
CREATE DOMAIN created AS timestamptz NOT NULL DEFAULT now();
