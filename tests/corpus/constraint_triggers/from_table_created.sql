-- current
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer);
CREATE FUNCTION chk() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
-- desired
CREATE SCHEMA billing;
CREATE TABLE billing.parent (id integer PRIMARY KEY);
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer);
CREATE FUNCTION chk() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE CONSTRAINT TRIGGER child_parent AFTER INSERT ON child FROM billing.parent FOR EACH ROW EXECUTE FUNCTION chk();
