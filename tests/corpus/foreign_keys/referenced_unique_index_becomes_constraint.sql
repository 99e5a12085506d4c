-- current
CREATE TABLE codes (code text NOT NULL, region text NOT NULL);
CREATE UNIQUE INDEX codes_region_code ON codes (region, code);
CREATE TABLE uses (id integer PRIMARY KEY, region text, code text,
                   CONSTRAINT uses_code_fkey FOREIGN KEY (region, code) REFERENCES codes (region, code));
-- desired
CREATE TABLE codes (code text NOT NULL, region text NOT NULL, CONSTRAINT codes_key UNIQUE (region, code));
CREATE TABLE uses (id integer PRIMARY KEY, region text, code text,
                   CONSTRAINT uses_code_fkey FOREIGN KEY (region, code) REFERENCES codes (region, code));
