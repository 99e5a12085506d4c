-- current
CREATE SCHEMA d;
-- desired
CREATE SCHEMA d; CREATE DOMAIN d.money2 AS numeric(12,2) CHECK (VALUE >= 0); CREATE TABLE d.acct (bal d.money2 DEFAULT 0);
