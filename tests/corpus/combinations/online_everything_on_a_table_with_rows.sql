-- current
CREATE TABLE account (id bigint PRIMARY KEY);
INSERT INTO account VALUES (1), (2);
CREATE TABLE item (id bigint, account_id bigint, code text, amount int, note text);
INSERT INTO item VALUES (1, 1, 'a', 5, 'x'), (2, 2, 'b', 7, 'y');
-- desired
CREATE TABLE account (id bigint PRIMARY KEY);
CREATE TABLE item (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES account (id), code text UNIQUE,
                   amount int CHECK (amount > 0), note text NOT NULL);
CREATE INDEX item_amount_idx ON item (amount);
