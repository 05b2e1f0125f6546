-- Each book's own identity, made once: the search index records the book it was
-- built from, so an index copied from another data folder is rebuilt, not trusted.
INSERT OR IGNORE INTO settings (key, value) VALUES ('book_id', lower(hex(randomblob(16))));
