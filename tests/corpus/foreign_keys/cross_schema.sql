-- current
CREATE SCHEMA billing; CREATE TABLE billing.invoice (id int PRIMARY KEY); CREATE TABLE public.line (invoice_id int);
-- desired
CREATE SCHEMA billing; CREATE TABLE billing.invoice (id int PRIMARY KEY); CREATE TABLE public.line (invoice_id int REFERENCES billing.invoice);
