-- Every section and paragraph gets a stored order key: rows written before order keys (0010) took
-- theirs from their position when read; forum_key_from_position (registered by forumd while it
-- migrates) computes the same key here. Paragraphs are then indexed in order, so that placing,
-- moving and numbering a paragraph reads its neighbours instead of its whole section.
UPDATE document_sections SET order_key = forum_key_from_position(position)
  WHERE order_key IS NULL;
UPDATE document_paragraphs SET order_key = forum_key_from_position(position)
  WHERE order_key IS NULL;
DROP INDEX paragraphs_by_section;
CREATE INDEX paragraphs_in_order ON document_paragraphs(event_id, document_id, section_id,
                                                        order_key, paragraph_id);

-- Each section counts its paragraphs (kept by the store as paragraphs come, go and move), so the
-- limit of paragraphs per document is checked without counting them.
ALTER TABLE document_sections ADD COLUMN paragraph_count INTEGER NOT NULL DEFAULT 0;
UPDATE document_sections SET paragraph_count = (
  SELECT count(*) FROM document_paragraphs p
  WHERE p.event_id = document_sections.event_id AND p.document_id = document_sections.document_id
    AND p.section_id = document_sections.section_id);
