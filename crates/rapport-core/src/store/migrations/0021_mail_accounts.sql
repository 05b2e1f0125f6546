-- Mail accounts read over IMAP. The password is never in this file: it lives in the
-- operating system's keyring (see `secrets`), found by the account's server and login.
CREATE TABLE mail_accounts (
    id            INTEGER PRIMARY KEY,
    host          TEXT NOT NULL,
    port          INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security      TEXT NOT NULL CHECK (security IN ('tls', 'starttls')),
    login         TEXT NOT NULL,
    -- A JSON list of folder names; NULL: the INBOX and the Sent folder the server names.
    folders       TEXT,
    -- The SHA-256 of a certificate the user chose to trust (a self-signed server).
    pinned_sha256 TEXT,
    created_at    TEXT NOT NULL,
    last_sync_at  TEXT,
    UNIQUE (host, port, login)
);

-- How far each folder has been read: every UID up to `last_uid` under `uid_validity`.
-- Written in the same transaction as the interactions of those messages, so a sync cut
-- short resumes where it stopped and nothing is read twice.
CREATE TABLE mail_folder_state (
    account_id   INTEGER NOT NULL REFERENCES mail_accounts(id) ON DELETE CASCADE,
    folder       TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL,
    PRIMARY KEY (account_id, folder)
) WITHOUT ROWID;
