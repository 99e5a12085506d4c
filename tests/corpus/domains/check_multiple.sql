-- current
-- desired
CREATE DOMAIN code AS varchar(10) NOT NULL DEFAULT 'AAA' CONSTRAINT code_len CHECK (length(VALUE) >= 3) CONSTRAINT code_upper CHECK (VALUE = upper(VALUE));
