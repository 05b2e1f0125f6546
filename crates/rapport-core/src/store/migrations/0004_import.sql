-- Import undo: the tags a batch created, removed again by undo when no contact uses them.
CREATE TABLE import_tags (
    batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    tag_id   INTEGER NOT NULL,
    PRIMARY KEY (batch_id, tag_id)
) WITHOUT ROWID;
-- Undo removes the notes a batch added.
CREATE INDEX interactions_by_batch ON interactions(import_batch_id) WHERE import_batch_id IS NOT NULL;
