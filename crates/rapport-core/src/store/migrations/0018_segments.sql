-- Groups (issue 23): saved segments, an undo journal for bulk actions and merges, and
-- campaigns with their members (treatment or control).

-- A segment is a named condition tree (JSON, see segments.rs), evaluated live.
CREATE TABLE segments (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    condition_json TEXT NOT NULL,
    pinned         INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- One undoable step (a bulk action, a merge of duplicates). Undo puts back the rows kept
-- in undo_rows, deletes the rows listed in undo_created and moves back those in undo_moved.
CREATE TABLE undo_steps (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL,
    label      TEXT NOT NULL,
    contacts   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    undone_at  TEXT
);
-- A contact's row or one of its child rows as it was before the step (JSON object of the
-- row's columns).
CREATE TABLE undo_rows (
    step_id    INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,
    tbl        TEXT NOT NULL,
    contact_id INTEGER NOT NULL,
    row_json   TEXT NOT NULL
);
CREATE INDEX undo_rows_by_step ON undo_rows(step_id, tbl);
-- Rows the step inserted (interactions, follow-ups, tags).
CREATE TABLE undo_created (
    step_id INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,
    tbl     TEXT NOT NULL,
    row_id  INTEGER NOT NULL,
    PRIMARY KEY (step_id, tbl, row_id)
) WITHOUT ROWID;
-- Rows the step gave to another contact (a merge moves history), with their old owner.
CREATE TABLE undo_moved (
    step_id    INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,
    tbl        TEXT NOT NULL,
    row_id     INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    PRIMARY KEY (step_id, tbl, row_id)
) WITHOUT ROWID;

CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    segment_name    TEXT NOT NULL,
    condition_json  TEXT NOT NULL,           -- the segment's condition when it was created
    channel         TEXT NOT NULL CHECK (channel IN ('call', 'email', 'message', 'visit', 'mail')),
    starts_on       TEXT NOT NULL,           -- local dates
    ends_on         TEXT NOT NULL,
    offer           TEXT,
    cost_minor      INTEGER CHECK (cost_minor IS NULL OR cost_minor >= 0),
    currency        TEXT NOT NULL,
    control_permille INTEGER NOT NULL CHECK (control_permille BETWEEN 0 AND 1000),
    seed            INTEGER NOT NULL,
    daily_cap       INTEGER NOT NULL CHECK (daily_cap > 0),
    window_days     INTEGER NOT NULL CHECK (window_days > 0),
    excluded_opted_out INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

CREATE TABLE campaign_members (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    arm          TEXT NOT NULL CHECK (arm IN ('treatment', 'control')),
    follow_up_id INTEGER REFERENCES follow_ups(id) ON DELETE SET NULL,
    contacted_at TEXT,                       -- when the outreach was logged (UTC)
    PRIMARY KEY (campaign_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX campaign_members_by_contact ON campaign_members(contact_id);
