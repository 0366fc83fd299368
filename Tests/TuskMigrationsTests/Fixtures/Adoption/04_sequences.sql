-- Standalone sequences with every parameter, one shared by two tables' defaults, one owned by
-- a column that does not use it, and a descending one.

CREATE SEQUENCE invoice_number AS bigint START WITH 1000 INCREMENT BY 10 MINVALUE 1000 MAXVALUE 999999 CACHE 20 CYCLE;
CREATE SEQUENCE shared_ids;
CREATE SEQUENCE countdown AS integer INCREMENT BY -1;
CREATE SEQUENCE tiny AS smallint MAXVALUE 100;

CREATE TABLE invoice (
    id bigint DEFAULT nextval('shared_ids') PRIMARY KEY,
    number bigint NOT NULL DEFAULT nextval('invoice_number'),
    remaining integer DEFAULT nextval('countdown')
);
CREATE TABLE credit_note (
    id bigint DEFAULT nextval('shared_ids') PRIMARY KEY,
    slot smallint
);
ALTER SEQUENCE tiny OWNED BY credit_note.slot;
