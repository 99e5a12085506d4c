-- current
-- desired
CREATE TYPE status AS ENUM ('draft', 'published'); CREATE TABLE post (id int, status status NOT NULL DEFAULT 'draft');
