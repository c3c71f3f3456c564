-- The order tag (0015) also moves when a paragraph leaves its section through REPLACE (which
-- deletes the row it conflicts with without firing delete triggers, recursive triggers being
-- off) or when SQL beside the server renames a paragraph or gives it to another document. The
-- server's own writes (INSERT ... ON CONFLICT DO UPDATE) were covered; a script's may not be.
CREATE TRIGGER paragraph_order_replaced BEFORE INSERT ON document_paragraphs
  WHEN EXISTS (SELECT 1 FROM document_paragraphs p
               WHERE p.event_id = NEW.event_id AND p.document_id = NEW.document_id
                 AND p.paragraph_id = NEW.paragraph_id
                 AND (p.section_id IS NOT NEW.section_id OR p.order_key IS NOT NEW.order_key))
BEGIN
  UPDATE document_sections SET order_tag = random()
    WHERE event_id = NEW.event_id AND document_id = NEW.document_id
      AND section_id = (SELECT p.section_id FROM document_paragraphs p
                        WHERE p.event_id = NEW.event_id AND p.document_id = NEW.document_id
                          AND p.paragraph_id = NEW.paragraph_id);
END;
CREATE TRIGGER paragraph_order_renamed AFTER UPDATE OF event_id, document_id, paragraph_id
  ON document_paragraphs
  WHEN OLD.event_id IS NOT NEW.event_id OR OLD.document_id IS NOT NEW.document_id
    OR OLD.paragraph_id IS NOT NEW.paragraph_id BEGIN
  UPDATE document_sections SET order_tag = random()
    WHERE event_id = OLD.event_id AND document_id = OLD.document_id
      AND section_id = OLD.section_id;
  UPDATE document_sections SET order_tag = random()
    WHERE event_id = NEW.event_id AND document_id = NEW.document_id
      AND section_id = NEW.section_id;
END;
