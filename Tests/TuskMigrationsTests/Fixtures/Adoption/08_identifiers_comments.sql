-- Odd identifiers (case, spaces, keywords, quotes, non-ASCII, a 63-byte name) and comments
-- with quotes and new lines on tables, columns and an enum.

CREATE TYPE "Order Status" AS ENUM ('new', 'paid');
COMMENT ON TYPE "Order Status" IS 'It''s the status';

CREATE TABLE "Order" (
    "Id" integer PRIMARY KEY,
    "select" text,
    "with space" text,
    "quote""d" text,
    café text,
    "status" "Order Status" NOT NULL DEFAULT 'new',
    a_column_name_that_is_exactly_sixty_three_bytes_long_abcdefghijk integer
);
COMMENT ON TABLE "Order" IS 'Orders
over two lines';
COMMENT ON COLUMN "Order"."select" IS 'a keyword: "select"';
COMMENT ON COLUMN "Order".café IS 'naïve';

CREATE TABLE "order item" (
    order_id integer NOT NULL REFERENCES "Order" ("Id"),
    "line" integer NOT NULL,
    PRIMARY KEY (order_id, "line"),
    CHECK ("line" > 0)
);
CREATE INDEX ON "order item" ("line");
CREATE INDEX ON "Order" (a_column_name_that_is_exactly_sixty_three_bytes_long_abcdefghijk);
