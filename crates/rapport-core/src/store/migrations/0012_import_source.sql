-- The file a batch read: its size in bytes and the SHA-256 of its bytes, so
-- `import --resume` refuses a different file (it would skip that file's first
-- rows and mark the batch complete while the original's rest was never read).
ALTER TABLE import_batches ADD COLUMN source_bytes INTEGER;
ALTER TABLE import_batches ADD COLUMN source_sha256 TEXT;
