-- `contacts_by_company` served no query: the contact list sorted by company orders by
-- `company IS NULL` first, which this index cannot give, so SQLite sorts with a temporary
-- B-tree either way (EXPLAIN QUERY PLAN). Every new contact still paid for an insert at a
-- random place in it: about a tenth of the time of importing a contact.
DROP INDEX IF EXISTS contacts_by_company;
