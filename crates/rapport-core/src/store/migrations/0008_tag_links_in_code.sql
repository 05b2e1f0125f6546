-- Linking a tag no longer fires a trigger: the store's `link_tags` recomputes the
-- contact's cadence itself when a tag rule exists (as 0007 did for new contacts). The
-- trigger's WHEN clause was false for most books, but any trigger on `contact_tags` makes
-- SQLite run a trigger program and keep a statement journal for every link (a fifth of
-- an import's store time per tagged contact). The delete trigger stays: removing a tag
-- is rare and many paths do it.
DROP TRIGGER contact_tags_cadence_on_insert;

-- What an import created is known from `contacts.import_batch_id`; the 'created' rows
-- of `import_changes` repeated it (one more row and index entry per imported contact).
-- Only 'merged' rows, which hold the contact as it was, are written now.
DELETE FROM import_changes WHERE change = 'created';
