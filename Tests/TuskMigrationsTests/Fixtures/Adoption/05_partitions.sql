-- Range, list and hash partitioning, a sub-partitioned partition and a default partition:
-- each parent is read back with partition_by and its partitions; a sub-partition is left out.
--
-- left out: partition city_europe of city: sub-partitioned by LIST (country) in the database; written as a plain partition
-- left out: partition city_europe_a of city_europe: a partition of a partition; sub-partitions are left out
-- left out: table event: its hash partitions (event_0, event_1) are named otherwise than <table>_p0 ...; written as 'modulus: 2', which names them event_p0, event_p1

CREATE TABLE measurement (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peak_temp integer,
    PRIMARY KEY (city_id, logdate)
) PARTITION BY RANGE (logdate);
CREATE INDEX measurement_peak_temp_idx ON measurement (peak_temp);
CREATE TABLE measurement_2024_01 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE measurement_2024_02 PARTITION OF measurement FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE TABLE measurement_default PARTITION OF measurement DEFAULT;

CREATE TABLE city (
    id integer NOT NULL,
    country text NOT NULL,
    name text NOT NULL,
    UNIQUE (country, id)
) PARTITION BY LIST (country);
CREATE TABLE city_europe PARTITION OF city FOR VALUES IN ('FR', 'DE', 'AT') PARTITION BY LIST (country);
CREATE TABLE city_europe_a PARTITION OF city_europe FOR VALUES IN ('AT');
CREATE TABLE city_other PARTITION OF city DEFAULT;

CREATE TABLE event (
    id bigint NOT NULL PRIMARY KEY,
    city_country text,
    city_id integer,
    FOREIGN KEY (city_country, city_id) REFERENCES city (country, id)
) PARTITION BY HASH (id);
CREATE TABLE event_0 PARTITION OF event FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE event_1 PARTITION OF event FOR VALUES WITH (MODULUS 2, REMAINDER 1);
