-- current
CREATE DOMAIN d AS text DEFAULT 'x';
-- desired
CREATE DOMAIN d AS text;
