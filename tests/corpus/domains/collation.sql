-- current
-- desired
CREATE DOMAIN ctext AS text COLLATE "C";
