-- Everything around the tables that Tusk does not manage is listed, one object a line:
-- functions, a procedure, an aggregate, triggers,
-- a rule, an exclusion constraint, a composite and a range
-- type, and a function in another schema. The tables themselves round-trip (row security and its policy too;
-- the view and the materialized view with its index too, read back as `views:`; the audit schema's
-- table, serial sequence and view as `audit.entry`, `audit.entry_id_seq` and `audit.recent`).
--
-- left out: function touch(): functions are not managed by Tusk
-- left out: function add_one(integer): functions are not managed by Tusk
-- left out: procedure archive_all(): procedures are not managed by Tusk
-- left out: aggregate total(integer): aggregates are not managed by Tusk
-- left out: trigger touch_room on room: triggers are not managed by Tusk
-- left out: rule room_names_insert on room_names: rules are not managed by Tusk
-- left out: constraint booking_during_excl on booking: exclusion constraints are not managed by Tusk (EXCLUDE USING gist (during WITH &&))
-- left out: column booking.during: type tstzrange has no Swift mapping in Tusk; kept as 'type: { sql: tstzrange }' and left out of the generated Swift types
-- left out: composite type address: composite types are not managed by Tusk
-- left out: range type floatrange: range types are not managed by Tusk
-- left out: function audit.log(text): functions are not managed by Tusk

CREATE TABLE room (
    id integer PRIMARY KEY,
    name text NOT NULL,
    updated_at timestamptz
);
CREATE TABLE booking (
    id integer PRIMARY KEY,
    room_id integer NOT NULL REFERENCES room (id),
    during tstzrange NOT NULL,
    EXCLUDE USING gist (during WITH &&)
);
ALTER TABLE booking ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON booking USING (room_id > 0);

CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE TRIGGER touch_room BEFORE UPDATE ON room FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
CREATE PROCEDURE archive_all() LANGUAGE sql AS 'DELETE FROM booking';
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);

CREATE VIEW room_names AS SELECT id, name FROM room;
CREATE RULE room_names_insert AS ON INSERT TO room_names DO INSTEAD INSERT INTO room (id, name) VALUES (NEW.id, NEW.name);
CREATE MATERIALIZED VIEW room_counts AS SELECT room_id, count(*) AS n FROM booking GROUP BY room_id;
CREATE UNIQUE INDEX room_counts_room_id_idx ON room_counts (room_id);

CREATE TYPE address AS (street text, city text);
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);

CREATE SCHEMA audit;
CREATE TABLE audit.entry (id serial PRIMARY KEY, what text);
CREATE VIEW audit.recent AS SELECT * FROM audit.entry;
CREATE FUNCTION audit.log(text) RETURNS void LANGUAGE sql AS 'INSERT INTO audit.entry (what) VALUES ($1)';
