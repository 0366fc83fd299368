-- serial, bigserial and smallserial as plain SQL writes them: each makes a sequence owned by
-- its column, named {table}_{column}_seq, and a nextval default. Tusk's own `serial` type is an
-- identity column, so these come back as declared sequences and keep their names.

CREATE TABLE author (
    id serial PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE post (
    id bigserial PRIMARY KEY,
    author_id integer NOT NULL REFERENCES author (id) ON DELETE CASCADE,
    position smallserial,
    title varchar(200) NOT NULL
);
CREATE TABLE "Audit Log" (
    "Entry Id" serial PRIMARY KEY,
    note text
);
