-- Undoing an import cleared `merged_into` of the contacts merged into each contact it
-- removes, and deleting a contact makes SQLite look for those same rows (the column is
-- a foreign key to `contacts`): without an index both scanned every contact, once per
-- contact removed (a 10k-row batch took 43-64 s). New contacts have none, so the
-- partial index costs an import nothing.
CREATE INDEX contacts_by_merged_into ON contacts(merged_into) WHERE merged_into IS NOT NULL;

-- An undo now runs in transactions of a few thousand contacts (no other command waits
-- long for the write lock); the batch is 'undoing' meanwhile, and an undo cut off is
-- finished by running it again. A CHECK that accepts one more value changes nothing on
-- disk: the table's text is edited in place, as in 0009.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, '''failed'', ''undone'')', '''failed'', ''undoing'', ''undone'')')
WHERE type = 'table' AND name = 'import_batches';
PRAGMA writable_schema = RESET;
