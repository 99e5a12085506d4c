-- current
CREATE TABLE cases (id integer NOT NULL, name text, CONSTRAINT cases_id_key UNIQUE (id));
CREATE TABLE notes (id integer PRIMARY KEY, case_id integer CONSTRAINT notes_case_fkey REFERENCES cases (id) ON DELETE CASCADE);
-- desired
CREATE TABLE cases (id integer PRIMARY KEY, name text);
CREATE TABLE notes (id integer PRIMARY KEY, case_id integer CONSTRAINT notes_case_fkey REFERENCES cases (id) ON DELETE CASCADE);
