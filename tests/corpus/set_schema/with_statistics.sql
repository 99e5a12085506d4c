-- moved: app.t from public
-- current
CREATE SCHEMA app;
CREATE TABLE t (a int, b int);
CREATE STATISTICS t_ab ON a, b FROM t;
-- desired
CREATE SCHEMA app;
CREATE TABLE app.t (a int, b int);
CREATE STATISTICS app.t_ab ON a, b FROM app.t;
