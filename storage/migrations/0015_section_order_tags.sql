-- Each section carries a tag that changes, to a fresh random value, whenever a paragraph enters
-- it, leaves it or moves within it: the same tag always means the same order of paragraphs. The
-- server keeps the order of long sections in memory under the tag it was read at, and trusts it
-- only while the tag it reads in the call's own snapshot is that one, so placing and numbering a
-- paragraph is a search in memory instead of a count over the index. Triggers keep the tag, so
-- that no write, by this server or another process, can change an order without changing it.
-- A tag of 0 (a section that never held a paragraph) is never cached.
ALTER TABLE document_sections ADD COLUMN order_tag INTEGER NOT NULL DEFAULT 0;
UPDATE document_sections SET order_tag = random();

CREATE TRIGGER paragraph_order_inserted AFTER INSERT ON document_paragraphs BEGIN
  UPDATE document_sections SET order_tag = random()
    WHERE event_id = NEW.event_id AND document_id = NEW.document_id
      AND section_id = NEW.section_id;
END;
CREATE TRIGGER paragraph_order_deleted AFTER DELETE ON document_paragraphs BEGIN
  UPDATE document_sections SET order_tag = random()
    WHERE event_id = OLD.event_id AND document_id = OLD.document_id
      AND section_id = OLD.section_id;
END;
CREATE TRIGGER paragraph_order_moved AFTER UPDATE OF section_id, order_key ON document_paragraphs
  WHEN OLD.section_id IS NOT NEW.section_id OR OLD.order_key IS NOT NEW.order_key BEGIN
  UPDATE document_sections SET order_tag = random()
    WHERE event_id = OLD.event_id AND document_id = OLD.document_id
      AND section_id IN (OLD.section_id, NEW.section_id);
END;
