-- current
CREATE TABLE ev (id integer, region text NOT NULL, owner text) PARTITION BY LIST (region);
CREATE TABLE ev_eu PARTITION OF ev FOR VALUES IN ('eu');
-- desired
CREATE TABLE ev (id integer, region text NOT NULL, owner text) PARTITION BY LIST (region);
CREATE TABLE ev_eu PARTITION OF ev FOR VALUES IN ('eu');
ALTER TABLE ev ENABLE ROW LEVEL SECURITY;
CREATE POLICY ev_owner ON ev USING (owner = current_user);
ALTER TABLE ev_eu ENABLE ROW LEVEL SECURITY;
CREATE POLICY ev_eu_owner ON ev_eu FOR SELECT USING (region = 'eu');
