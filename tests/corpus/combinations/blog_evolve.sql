-- current
CREATE TYPE post_status AS ENUM ('draft', 'published');
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, name varchar(50));
CREATE TABLE post (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id bigint REFERENCES users, title varchar(100) NOT NULL, status post_status NOT NULL DEFAULT 'draft');
CREATE VIEW recent AS SELECT id, title FROM post;
-- desired
CREATE TYPE post_status AS ENUM ('draft', 'published', 'archived');
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, name varchar(120), is_admin boolean NOT NULL DEFAULT false);
CREATE TABLE post (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id bigint NOT NULL REFERENCES users ON DELETE CASCADE, title varchar(200) NOT NULL, status post_status NOT NULL DEFAULT 'draft', published_at timestamptz);
CREATE INDEX post_author_id_idx ON post (author_id);
CREATE VIEW recent AS SELECT id, title FROM post WHERE published_at IS NOT NULL;
