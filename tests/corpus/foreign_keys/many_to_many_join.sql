-- current
CREATE TABLE post (id int PRIMARY KEY); CREATE TABLE tag (id int PRIMARY KEY);
-- desired
CREATE TABLE post (id int PRIMARY KEY); CREATE TABLE tag (id int PRIMARY KEY); CREATE TABLE post_tags (post_id int REFERENCES post ON DELETE CASCADE, tag_id int REFERENCES tag ON DELETE CASCADE, PRIMARY KEY (post_id, tag_id)); CREATE INDEX ON post_tags (tag_id);
