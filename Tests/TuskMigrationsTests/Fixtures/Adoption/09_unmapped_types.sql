-- Columns of types Tusk has no Swift mapping for are kept with their type written verbatim
-- (`type: { sql: ... }`), each named in the report; the table keeps every column. PostgreSQL
-- does not record array dimensions, so integer[][] is integer[].
--
-- left out: column oddity.spot: type point has no Swift mapping in Tusk; kept as 'type: { sql: point }' and left out of the generated Swift types
-- left out: column oddity.span: type int4range has no Swift mapping in Tusk; kept as 'type: { sql: int4range }' and left out of the generated Swift types
-- left out: column oddity.price: type money has no Swift mapping in Tusk; kept as 'type: { sql: money }' and left out of the generated Swift types
-- left out: column oddity.stamp: type timestamp(3) with time zone has no Swift mapping in Tusk; kept as 'type: { sql: timestamp(3) with time zone }' and left out of the generated Swift types
-- left out: column oddity.bits: type bit(3) has no Swift mapping in Tusk; kept as 'type: { sql: bit(3) }' and left out of the generated Swift types
-- left out: column oddity.mac: type macaddr has no Swift mapping in Tusk; kept as 'type: { sql: macaddr }' and left out of the generated Swift types
-- left out: column oddity.lexemes: type tsvector[] has no Swift mapping in Tusk; kept as 'type: { sql: tsvector[] }' and left out of the generated Swift types
-- left out: composite type pair: composite types are not managed by Tusk
-- left out: column oddity.pair: type pair has no Swift mapping in Tusk; kept as 'type: { sql: pair }' and left out of the generated Swift types; Tusk does not create the type: create it before applying `tusk sql` or the migrations
--
-- What Tusk does not create is created first on the database `tusk sql` builds:
-- before tusk sql: CREATE TYPE pair AS (a integer, b text);
-- before tusk sql: CREATE FUNCTION double_it(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';
-- left out: function double_it(integer): functions are not managed by Tusk
-- left out: column oddity.doubled: its default calls function double_it(integer), which Tusk does not manage; create the function before applying `tusk sql` or the migrations
-- left out: constraint oddity_doubled_check on oddity: its check calls function double_it(integer), which Tusk does not manage; create the function before applying `tusk sql` or the migrations

CREATE TYPE pair AS (a integer, b text);
CREATE FUNCTION double_it(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';

CREATE TABLE oddity (
    id integer PRIMARY KEY,
    search tsvector NOT NULL DEFAULT ''::tsvector,
    spot point,
    span int4range DEFAULT '[1,10)',
    price money,
    stamp timestamp(3) with time zone,
    bits bit(3),
    mac macaddr,
    grid integer[][],
    lexemes tsvector[],
    pair pair,
    doubled integer DEFAULT double_it(21) CHECK (doubled <> double_it(0))
);
CREATE INDEX oddity_search_idx ON oddity USING gin (search);
