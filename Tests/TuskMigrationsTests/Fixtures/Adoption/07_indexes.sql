-- Every index kind the schema language has (btree, hash, gin, gist, brin, spgist; unique,
-- partial, multi-column, a non-default operator class) round-trips; shapes it cannot say
-- (expressions, INCLUDE, DESC, a collation, mixed operator classes) are left out.
--
-- left out: index document_lower_title_idx on document: the schema language cannot say expression keys; left out (CREATE INDEX document_lower_title_idx ON public.document USING btree (lower(title)))
-- left out: index document_created_desc_idx on document: the schema language cannot say DESC or NULLS FIRST/LAST keys; left out (CREATE INDEX document_created_desc_idx ON public.document USING btree (created_at DESC))
-- left out: index document_title_include_idx on document: the schema language cannot say INCLUDE columns; left out (CREATE INDEX document_title_include_idx ON public.document USING btree (title) INCLUDE (body))
-- left out: index document_title_c_idx on document: the schema language cannot say a collation per key; left out (CREATE INDEX document_title_c_idx ON public.document USING btree (title COLLATE "C"))
-- left out: index document_mixed_ops_idx on document: the schema language cannot say an operator class per key; left out (CREATE INDEX document_mixed_ops_idx ON public.document USING btree (title text_pattern_ops, body))

CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    tags text[] NOT NULL DEFAULT '{}',
    meta jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    address inet,
    deleted_at timestamptz
);
CREATE INDEX document_title_idx ON document (title);
CREATE INDEX document_title_hash ON document USING hash (title);
CREATE INDEX document_tags_idx ON document USING gin (tags);
CREATE INDEX document_meta_path_idx ON document USING gin (meta jsonb_path_ops);
CREATE INDEX document_address_idx ON document USING gist (address inet_ops);
CREATE INDEX document_created_at_idx ON document USING brin (created_at);
CREATE INDEX document_body_spgist ON document USING spgist (body);
CREATE UNIQUE INDEX document_title_live_key ON document (title) WHERE deleted_at IS NULL;
CREATE INDEX document_title_body_idx ON document (title, body);
CREATE INDEX document_title_pattern_idx ON document (title text_pattern_ops);
CREATE INDEX document_lower_title_idx ON document (lower(title));
CREATE INDEX document_created_desc_idx ON document (created_at DESC);
CREATE INDEX document_title_include_idx ON document (title) INCLUDE (body);
CREATE INDEX document_title_c_idx ON document (title COLLATE "C");
CREATE INDEX document_mixed_ops_idx ON document (title text_pattern_ops, body);
