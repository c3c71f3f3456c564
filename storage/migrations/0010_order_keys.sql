-- Exact document order: sections and paragraphs, and the revisions that record them, carry an
-- order key (see domain/order_key.h) instead of a floating-point position, whose midpoints ran
-- out of precision after about fifty inserts at one place. Rows written before this migration
-- keep a NULL key and are read with the key of their position, which orders them as before.

ALTER TABLE document_sections ADD COLUMN order_key TEXT;
ALTER TABLE document_paragraphs ADD COLUMN order_key TEXT;
ALTER TABLE document_revisions ADD COLUMN order_key TEXT;
