-- Rapport schema v1. Never edit a released migration: add a new numbered file.

CREATE TABLE import_batches (
    id            INTEGER PRIMARY KEY,
    source_name   TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'running'
                  CHECK (status IN ('running', 'complete', 'cancelled', 'failed', 'undone')),
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    rows_total    INTEGER NOT NULL DEFAULT 0,
    rows_done     INTEGER NOT NULL DEFAULT 0,
    created_count INTEGER NOT NULL DEFAULT 0,
    merged_count  INTEGER NOT NULL DEFAULT 0,
    skipped_count INTEGER NOT NULL DEFAULT 0,
    error_count   INTEGER NOT NULL DEFAULT 0,
    options_json  TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE contacts (
    id               INTEGER PRIMARY KEY,
    display_name     TEXT NOT NULL,
    given_name       TEXT,
    family_name      TEXT,
    phonetic_name    TEXT,
    company          TEXT,
    title            TEXT,
    birthday         TEXT,   -- YYYY-MM-DD or --MM-DD
    anniversary      TEXT,
    birthday_md      TEXT GENERATED ALWAYS AS (substr(birthday, -5)) VIRTUAL,
    anniversary_md   TEXT GENERATED ALWAYS AS (substr(anniversary, -5)) VIRTUAL,
    stage            TEXT CHECK (stage IN ('lead', 'prospect', 'customer', 'dormant', 'lost')),
    source           TEXT,
    do_not_contact   INTEGER NOT NULL DEFAULT 0,
    cadence_days     INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
    last_contacted_at   TEXT,  -- denormalised: latest non-note interaction
    last_contacted_kind TEXT,
    archived_at      TEXT,
    deleted_at       TEXT,
    merged_into      INTEGER REFERENCES contacts(id),
    import_batch_id  INTEGER REFERENCES import_batches(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX contacts_by_name ON contacts(display_name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_last_contacted ON contacts(last_contacted_at) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_company ON contacts(company COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_birthday ON contacts(birthday_md) WHERE birthday IS NOT NULL;
CREATE INDEX contacts_by_anniversary ON contacts(anniversary_md) WHERE anniversary IS NOT NULL;
CREATE INDEX contacts_by_batch ON contacts(import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX contacts_by_stage ON contacts(stage) WHERE stage IS NOT NULL;

CREATE TABLE contact_emails (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    address     TEXT NOT NULL,
    address_key TEXT NOT NULL,  -- lower-cased, for matching
    label       TEXT
);
CREATE INDEX contact_emails_by_contact ON contact_emails(contact_id, position);
CREATE INDEX contact_emails_by_key ON contact_emails(address_key);

CREATE TABLE contact_phones (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    raw         TEXT NOT NULL,
    e164        TEXT,
    label       TEXT
);
CREATE INDEX contact_phones_by_contact ON contact_phones(contact_id, position);
CREATE INDEX contact_phones_by_e164 ON contact_phones(e164) WHERE e164 IS NOT NULL;

CREATE TABLE contact_addresses (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT,
    street      TEXT,
    city        TEXT,
    region      TEXT,
    postal_code TEXT,
    country     TEXT
);
CREATE INDEX contact_addresses_by_contact ON contact_addresses(contact_id, position);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (contact_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX contact_tags_by_tag ON contact_tags(tag_id, contact_id);

CREATE TABLE custom_fields (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, key)
) WITHOUT ROWID;

CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'message', 'note')),
    occurred_at TEXT NOT NULL,
    direction   TEXT CHECK (direction IN ('inbound', 'outbound')),
    text        TEXT NOT NULL DEFAULT '',
    outcome     TEXT,
    created_at  TEXT NOT NULL,
    import_batch_id INTEGER REFERENCES import_batches(id)
);
CREATE INDEX interactions_by_contact ON interactions(contact_id, occurred_at DESC);
CREATE INDEX interactions_by_time ON interactions(occurred_at);

CREATE TABLE follow_ups (
    id           INTEGER PRIMARY KEY,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    due_date     TEXT NOT NULL,  -- local calendar date YYYY-MM-DD
    due_time     TEXT,           -- local HH:MM
    text         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'snoozed', 'done')),
    completed_at TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX follow_ups_pending_by_due ON follow_ups(due_date) WHERE status != 'done';
CREATE INDEX follow_ups_by_contact ON follow_ups(contact_id, status);

-- Undo of an import: what each batch created or changed, with the contact as it was before.
CREATE TABLE import_changes (
    batch_id    INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('created', 'merged')),
    before_json TEXT,
    PRIMARY KEY (batch_id, contact_id)
) WITHOUT ROWID;

CREATE TABLE saved_mappings (
    name         TEXT PRIMARY KEY,
    mapping_json TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Contacts whose search documents must be rewritten; the search index
-- records the highest sequence number it has applied.
CREATE TABLE search_outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL
);
