-- current
-- desired
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE post_status AS ENUM ('draft', 'published', 'archived');
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email citext NOT NULL UNIQUE, display_name varchar(120), created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE post (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), author_id bigint NOT NULL REFERENCES users ON DELETE CASCADE, title varchar(200) NOT NULL, status post_status NOT NULL DEFAULT 'draft', body text);
CREATE INDEX ON post (author_id);
CREATE TABLE tag (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE post_tags (post_id uuid REFERENCES post ON DELETE CASCADE, tag_id int REFERENCES tag ON DELETE CASCADE, PRIMARY KEY (post_id, tag_id));
CREATE VIEW published_posts AS SELECT id, title FROM post WHERE status = 'published';
COMMENT ON TABLE users IS 'Registered accounts';
