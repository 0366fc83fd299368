-- Keys and constraints: composite primary and foreign keys, every referential action, named
-- and unnamed checks and uniques, a self reference, a foreign key to a unique constraint.
-- What the schema language cannot say is reported and left out of the comparison. A foreign
-- key column named like its table (label.parcel) gets `relation: parcelRecord` written, since
-- the derived relation name would be the column's own property.
--
-- left out: constraint shipment_parcel_id_fkey on shipment: DEFERRABLE in the database; written as NOT DEFERRABLE
-- left out: constraint shipment_weight_check on shipment: NOT VALID in the database; written as a validated constraint
-- left out: constraint shipment_code_key on shipment: the schema language cannot say UNIQUE NULLS NOT DISTINCT (code); left out

CREATE TABLE warehouse (
    region text NOT NULL,
    code integer NOT NULL,
    name text NOT NULL CONSTRAINT warehouse_name_not_blank CHECK (length(name) > 0),
    parent_region text,
    parent_code integer,
    PRIMARY KEY (region, code),
    UNIQUE (name),
    CONSTRAINT warehouse_parent_fk FOREIGN KEY (parent_region, parent_code) REFERENCES warehouse (region, code) ON DELETE SET NULL
);
CREATE TABLE parcel (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    warehouse_region text NOT NULL,
    warehouse_code integer NOT NULL,
    warehouse_name text REFERENCES warehouse (name) ON UPDATE CASCADE ON DELETE SET DEFAULT,
    weight numeric(8,3) NOT NULL CHECK (weight > 0),
    FOREIGN KEY (warehouse_region, warehouse_code) REFERENCES warehouse (region, code) ON DELETE CASCADE ON UPDATE RESTRICT
);
CREATE TABLE shipment (
    id integer PRIMARY KEY,
    parcel_id bigint REFERENCES parcel (id) DEFERRABLE INITIALLY DEFERRED,
    weight numeric,
    code text
);
ALTER TABLE shipment ADD CONSTRAINT shipment_weight_check CHECK (weight > 0) NOT VALID;
ALTER TABLE shipment ADD CONSTRAINT shipment_code_key UNIQUE NULLS NOT DISTINCT (code);
CREATE TABLE label (
    id integer PRIMARY KEY,
    parcel bigint NOT NULL REFERENCES parcel (id)
);
