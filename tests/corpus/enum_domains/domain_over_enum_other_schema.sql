-- current
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('happy', 'sad', 'meh');
CREATE DOMAIN public.feeling AS app.mood;
CREATE TABLE app.t (f public.feeling);
-- desired
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('happy', 'meh');
CREATE DOMAIN public.feeling AS app.mood;
CREATE TABLE app.t (f public.feeling);
