-- Range, list and hash partitioning, a sub-partitioned partition and a default partition:
-- each parent is kept (as a plain table), each partition is left out.
--
-- left out: table measurement: partitioned by RANGE (logdate) in the database; the schema language has no partitioning yet, so it is written as a plain table (tusk sql builds it unpartitioned)
-- left out: partition measurement_2024_01 of measurement: partitions are not managed by Tusk yet; the parent is kept, its partitions are not
-- left out: partition measurement_2024_02 of measurement: partitions are not managed by Tusk yet; the parent is kept, its partitions are not
-- left out: partition measurement_default of measurement: partitions are not managed by Tusk yet; the parent is kept, its partitions are not
-- left out: table city: partitioned by LIST (country) in the database; the schema language has no partitioning yet, so it is written as a plain table (tusk sql builds it unpartitioned)
-- left out: partition city_europe of city: partitions are not managed by Tusk yet; the parent is kept, its partitions are not
-- left out: partition city_europe_a of city_europe: partitions are not managed by Tusk yet; the parent is kept, its partitions are not
-- left out: partition city_other of city: partitions are not managed by Tusk yet; the parent is kept, its partitions are not
-- left out: table event: partitioned by HASH (id) in the database; the schema language has no partitioning yet, so it is written as a plain table (tusk sql builds it unpartitioned)
-- left out: partition event_0 of event: partitions are not managed by Tusk yet; the parent is kept, its partitions are not
-- left out: partition event_1 of event: partitions are not managed by Tusk yet; the parent is kept, its partitions are not

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
