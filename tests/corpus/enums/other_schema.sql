-- current
CREATE SCHEMA app;
-- desired
CREATE SCHEMA app; CREATE TYPE app.level AS ENUM ('low', 'high'); CREATE TABLE app.t (l app.level);
