-- Customer value and care (issue 10): deals with a pipeline stage, service cases with a
-- required follow-up, per-channel opt-out, a satisfaction rating on interactions, and the
-- contact's value tier, which becomes a third kind of cadence default.

CREATE TABLE deals (
    id                INTEGER PRIMARY KEY,
    contact_id        INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    product           TEXT,
    amount_minor      INTEGER NOT NULL CHECK (amount_minor >= 0),  -- cents, fen...
    currency          TEXT NOT NULL,                               -- ISO 4217
    deal_date         TEXT NOT NULL,                               -- local date YYYY-MM-DD
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    stage             TEXT NOT NULL,                               -- key of a pipeline stage
    closed_on         TEXT,                                        -- local date won or lost
    care_follow_up_id INTEGER REFERENCES follow_ups(id) ON DELETE SET NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX deals_by_contact ON deals(contact_id, deal_date);
-- Covering for the value computation, which reads every won deal.
CREATE INDEX deals_won ON deals(contact_id, closed_on, amount_minor, currency) WHERE status = 'won';
CREATE INDEX deals_open_by_stage ON deals(stage, currency, amount_minor) WHERE status = 'open';

CREATE TABLE service_cases (
    id           INTEGER PRIMARY KEY,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    opened_at    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    follow_up_id INTEGER REFERENCES follow_ups(id) ON DELETE SET NULL,
    resolution   TEXT,
    closed_at    TEXT
);
CREATE INDEX service_cases_by_contact ON service_cases(contact_id, status);
CREATE INDEX service_cases_open ON service_cases(opened_at) WHERE status = 'open';
CREATE INDEX service_cases_by_follow_up ON service_cases(follow_up_id) WHERE follow_up_id IS NOT NULL;

CREATE TABLE contact_opt_outs (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'sms', 'mail')),
    PRIMARY KEY (contact_id, channel)
) WITHOUT ROWID;

ALTER TABLE interactions ADD COLUMN satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5);
-- The report counts contacts made per week off this index alone (notes are not contacts,
-- and most imported history is notes, so it stays small).
CREATE INDEX interactions_contacts_by_time ON interactions(occurred_at) WHERE kind != 'note';

-- Derived from the won deals by the core (vip/major/ordinary/small or a/b/c), kept here so
-- that the contact list can filter on it and the cadence triggers can key on it.
ALTER TABLE contacts ADD COLUMN value_tier TEXT;
-- For high-value customers with a purchase rhythm: the day their purchases alone will have
-- gone quiet for too long (see drifting.rs). Like cadence_due_on, it lets the today list
-- read the few candidates off an index instead of computing every customer's history.
ALTER TABLE contacts ADD COLUMN drift_on TEXT;
CREATE INDEX contacts_by_tier ON contacts(value_tier, drift_on) WHERE value_tier IS NOT NULL;
CREATE INDEX contacts_by_drift ON contacts(drift_on) WHERE drift_on IS NOT NULL;
-- The value computation reads every won deal off deals_won without touching the (wide)
-- contact rows; it leaves out deleted contacts, which are few, from this index.
CREATE INDEX contacts_deleted ON contacts(id) WHERE deleted_at IS NOT NULL;

-- Cadence defaults gain the kind 'tier'. SQLite cannot change a CHECK in place: drop the
-- triggers of 0003 (they name the table), rebuild the table, and recreate every trigger
-- with the tier term. The effective cadence is still the contact's own, else the shortest
-- matching default by stage, tier or tag.
DROP TRIGGER contacts_cadence_on_insert;
DROP TRIGGER contacts_cadence_on_update;
DROP TRIGGER contact_tags_cadence_on_insert;
DROP TRIGGER contact_tags_cadence_on_delete;
DROP TRIGGER cadence_rules_on_insert;
DROP TRIGGER cadence_rules_on_update;
DROP TRIGGER cadence_rules_on_delete;

CREATE TABLE cadence_rules_v5 (
    kind  TEXT NOT NULL CHECK (kind IN ('tag', 'stage', 'tier')),
    name  TEXT NOT NULL COLLATE NOCASE,
    days  INTEGER NOT NULL CHECK (days > 0),
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;
INSERT INTO cadence_rules_v5 (kind, name, days) SELECT kind, name, days FROM cadence_rules;
DROP TABLE cadence_rules;
ALTER TABLE cadence_rules_v5 RENAME TO cadence_rules;

CREATE TRIGGER contacts_cadence_on_insert AFTER INSERT ON contacts BEGIN
    UPDATE contacts SET cadence_effective = coalesce(cadence_days, (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
           OR (r.kind = 'tier' AND r.name = contacts.value_tier)
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id)))) WHERE id = NEW.id;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE id = NEW.id;
END;

CREATE TRIGGER contacts_cadence_on_update
AFTER UPDATE OF cadence_days, stage, value_tier, last_contacted_at, created_at ON contacts BEGIN
    UPDATE contacts SET cadence_effective = coalesce(cadence_days, (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
           OR (r.kind = 'tier' AND r.name = contacts.value_tier)
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id)))) WHERE id = NEW.id;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE id = NEW.id;
END;

CREATE TRIGGER contact_tags_cadence_on_insert AFTER INSERT ON contact_tags BEGIN
    UPDATE contacts SET cadence_effective = coalesce(cadence_days, (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
           OR (r.kind = 'tier' AND r.name = contacts.value_tier)
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id)))) WHERE id = NEW.contact_id;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE id = NEW.contact_id;
END;

CREATE TRIGGER contact_tags_cadence_on_delete AFTER DELETE ON contact_tags BEGIN
    UPDATE contacts SET cadence_effective = coalesce(cadence_days, (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
           OR (r.kind = 'tier' AND r.name = contacts.value_tier)
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id)))) WHERE id = OLD.contact_id;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE id = OLD.contact_id;
END;

CREATE TRIGGER cadence_rules_on_insert AFTER INSERT ON cadence_rules BEGIN
    UPDATE contacts SET cadence_effective = (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
           OR (r.kind = 'tier' AND r.name = contacts.value_tier)
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id))) WHERE cadence_days IS NULL;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE cadence_days IS NULL;
END;

CREATE TRIGGER cadence_rules_on_update AFTER UPDATE ON cadence_rules BEGIN
    UPDATE contacts SET cadence_effective = (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
           OR (r.kind = 'tier' AND r.name = contacts.value_tier)
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id))) WHERE cadence_days IS NULL;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE cadence_days IS NULL;
END;

CREATE TRIGGER cadence_rules_on_delete AFTER DELETE ON cadence_rules BEGIN
    UPDATE contacts SET cadence_effective = (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
           OR (r.kind = 'tier' AND r.name = contacts.value_tier)
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id))) WHERE cadence_days IS NULL;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE cadence_days IS NULL;
END;
