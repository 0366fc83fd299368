-- Enums (odd labels, a comment, used as arrays and defaults) and arrays of every kind.

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'very happy', 'Ünïcode', 'it''s');
COMMENT ON TYPE mood IS 'How it went';
CREATE TYPE "Priority" AS ENUM ('LOW', 'HIGH');

CREATE TABLE diary (
    id integer PRIMARY KEY,
    today mood NOT NULL DEFAULT 'ok',
    history mood[] NOT NULL DEFAULT '{}',
    priority "Priority",
    tags text[] DEFAULT '{"a b",c}',
    scores integer[] DEFAULT '{1,2,3}',
    ratios numeric(4,2)[],
    days date[],
    flags boolean[] NOT NULL DEFAULT '{true,false}',
    ids uuid[],
    docs jsonb[]
);
