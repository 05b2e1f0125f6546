-- The contact list in name order, paged, straight off one index: the whole ORDER BY
-- (the reading key, then the name without case, then the id) and the archived filter,
-- so a page deep in a big book skips index entries instead of sorting rows.
DROP INDEX contacts_by_name_sort_key;
CREATE INDEX contacts_by_name_sort_key
    ON contacts(name_sort_key, display_name COLLATE NOCASE, id, archived_at)
    WHERE deleted_at IS NULL;
