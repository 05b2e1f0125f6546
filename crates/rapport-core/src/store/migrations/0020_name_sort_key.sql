-- The contact list sorts by how a name reads: Chinese names by their pinyin,
-- mixed with Latin names by their letters (accents folded), as phone address
-- books do. The key is computed by Rapport on every write of a name (and for
-- existing rows when the store is opened); see `contacts::name_sort_key`.
ALTER TABLE contacts ADD COLUMN name_sort_key TEXT;
CREATE INDEX contacts_by_name_sort_key ON contacts(name_sort_key, id) WHERE deleted_at IS NULL;
