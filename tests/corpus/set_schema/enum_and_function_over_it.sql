-- moved: enums app.mood from public
-- moved: functions app.cheer from public
-- current
CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE FUNCTION cheer(m mood) RETURNS mood LANGUAGE sql AS 'SELECT m';
CREATE TABLE t (m mood DEFAULT cheer('sad'));
-- desired
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'happy');
CREATE FUNCTION app.cheer(m app.mood) RETURNS app.mood LANGUAGE sql AS 'SELECT m';
CREATE TABLE t (m app.mood DEFAULT app.cheer('sad'));
