-- The today list must not scan every contact: each contact carries its effective
-- keep-in-touch cadence and the (UTC) date it lapses, kept right by triggers whatever
-- writes the contact, its tags, or the cadence rules. The today list reads the lapsed
-- ones off a partial index and decides exactly in the user's time zone.

ALTER TABLE contacts ADD COLUMN cadence_effective INTEGER;
ALTER TABLE contacts ADD COLUMN cadence_due_on TEXT;

-- Covering: the today list reads every column it shows from the index, not the table.
CREATE INDEX contacts_by_cadence_due ON contacts(cadence_due_on, id, display_name, company,
        last_contacted_at, last_contacted_kind, created_at, cadence_effective)
    WHERE cadence_due_on IS NOT NULL AND deleted_at IS NULL AND archived_at IS NULL AND do_not_contact = 0;

CREATE TRIGGER contacts_cadence_on_insert AFTER INSERT ON contacts BEGIN
    UPDATE contacts SET cadence_effective = coalesce(cadence_days, (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id)))) WHERE id = NEW.id;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE id = NEW.id;
END;

CREATE TRIGGER contacts_cadence_on_update AFTER UPDATE OF cadence_days, stage, last_contacted_at, created_at ON contacts BEGIN
    UPDATE contacts SET cadence_effective = coalesce(cadence_days, (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
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
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id)))) WHERE id = OLD.contact_id;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE id = OLD.contact_id;
END;

-- Rule changes are rare: recompute every contact that has no cadence of its own.
CREATE TRIGGER cadence_rules_on_insert AFTER INSERT ON cadence_rules BEGIN
    UPDATE contacts SET cadence_effective = (
        SELECT min(r.days) FROM cadence_rules r
        WHERE (r.kind = 'stage' AND r.name = contacts.stage)
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
           OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                              WHERE ct.contact_id = contacts.id))) WHERE cadence_days IS NULL;
    UPDATE contacts SET cadence_due_on =
        date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days')
        WHERE cadence_days IS NULL;
END;

-- Backfill.
UPDATE contacts SET cadence_effective = coalesce(cadence_days, (
    SELECT min(r.days) FROM cadence_rules r
    WHERE (r.kind = 'stage' AND r.name = contacts.stage)
       OR (r.kind = 'tag' AND r.name IN (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                                          WHERE ct.contact_id = contacts.id))));
UPDATE contacts SET cadence_due_on =
    date(substr(coalesce(last_contacted_at, created_at), 1, 10), '+' || cadence_effective || ' days');
