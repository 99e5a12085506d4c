-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE POLICY p ON doc USING (true);
CREATE POLICY q ON doc USING (true);
COMMENT ON POLICY q ON doc IS 'old';
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE POLICY p ON doc USING (true);
CREATE POLICY q ON doc USING (true);
COMMENT ON POLICY p ON doc IS 'it''s new';
COMMENT ON POLICY q ON doc IS 'changed';
