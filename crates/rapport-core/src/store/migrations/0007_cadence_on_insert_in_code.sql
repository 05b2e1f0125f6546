-- A contact's effective cadence on insert is now set by the insert itself (store code,
-- `insert_contact`), not by a trigger: any trigger on `contacts` makes SQLite keep a
-- statement journal for every INSERT, a copy of each page the insert touches, even when
-- the trigger's WHEN clause is false (a tenth of an import's time). The UPDATE and tag
-- triggers stay: they fire on the changes that can move a cadence.
DROP TRIGGER contacts_cadence_on_insert;
