-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY p_all ON doc USING (owner = current_user);
CREATE POLICY p_select ON doc FOR SELECT USING (level < 3);
CREATE POLICY p_insert ON doc FOR INSERT WITH CHECK (level < 3);
CREATE POLICY p_update ON doc FOR UPDATE USING (level < 3) WITH CHECK (level < 2);
CREATE POLICY p_delete ON doc FOR DELETE USING (level = 0);
