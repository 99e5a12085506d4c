-- current
CREATE TABLE posts (id integer PRIMARY KEY, tag_string text);
CREATE INDEX posts_tags ON posts USING gin (string_to_array(tag_string, ' '));
-- desired
CREATE TABLE posts (id integer PRIMARY KEY, tag_string text);
CREATE INDEX posts_tags ON posts USING gin (string_to_array(tag_string, ' '));
ALTER INDEX posts_tags ALTER COLUMN 1 SET STATISTICS 3000;
