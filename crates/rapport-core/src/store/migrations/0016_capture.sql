-- Interactions captured from mail and calendars. `key` is what the source calls the
-- message or event (Message-ID, or an iCalendar UID with its occurrence): importing
-- the same thing again finds its row here and creates nothing.
CREATE TABLE captured (
    key            TEXT NOT NULL,
    contact_id     INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    PRIMARY KEY (key, contact_id)
) WITHOUT ROWID;
CREATE INDEX captured_by_interaction ON captured(interaction_id);

-- People the user wrote to who are not contacts: two messages or more make a suggestion.
CREATE TABLE mail_sent_to (
    message_key TEXT NOT NULL,
    address_key TEXT NOT NULL,
    address     TEXT NOT NULL,
    name        TEXT,
    subject     TEXT NOT NULL DEFAULT '',
    occurred_at TEXT NOT NULL,
    batch_id    INTEGER REFERENCES import_batches(id) ON DELETE CASCADE,
    PRIMARY KEY (address_key, message_key)
) WITHOUT ROWID;
CREATE INDEX mail_sent_to_by_batch ON mail_sent_to(batch_id);

-- Suggestions the user turned down: never offered again.
CREATE TABLE mail_suggestions_dismissed (
    address_key  TEXT PRIMARY KEY,
    dismissed_at TEXT NOT NULL
) WITHOUT ROWID;
