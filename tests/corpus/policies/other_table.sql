-- current
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
-- desired
CREATE TABLE doc (id integer PRIMARY KEY, owner text NOT NULL, body text, level integer);
CREATE TABLE member (team integer, who text);
CREATE POLICY team_rows ON doc USING (EXISTS (SELECT 1 FROM member m WHERE m.team = doc.level AND m.who = current_user));
