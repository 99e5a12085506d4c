-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');CREATE TABLE a (m mood); CREATE TABLE b (m mood DEFAULT 'sad');
-- desired
CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE a (m mood); CREATE TABLE b (m mood DEFAULT 'sad');
