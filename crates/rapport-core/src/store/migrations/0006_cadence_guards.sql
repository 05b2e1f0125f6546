-- The cadence triggers recomputed a contact's effective cadence on every insert of a
-- contact and of a tag link, even when no rule could give it one: two extra UPDATEs of the
-- contact row (and of its indexes) per contact and one more per tag, most of an import's
-- store time. They now run only when their result can differ from what is stored: the
-- contact has its own cadence, or a rule of a kind that applies exists. Without them, the
-- stored values are the same (NULL cadence, NULL due date), so nothing needs recomputing.
DROP TRIGGER contacts_cadence_on_insert;
DROP TRIGGER contacts_cadence_on_update;
DROP TRIGGER contact_tags_cadence_on_insert;
DROP TRIGGER contact_tags_cadence_on_delete;

CREATE TRIGGER contacts_cadence_on_insert AFTER INSERT ON contacts
WHEN NEW.cadence_days IS NOT NULL OR EXISTS (SELECT 1 FROM cadence_rules) BEGIN
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
AFTER UPDATE OF cadence_days, stage, value_tier, last_contacted_at, created_at ON contacts
WHEN NEW.cadence_days IS NOT NULL OR OLD.cadence_days IS NOT NULL
    OR EXISTS (SELECT 1 FROM cadence_rules) BEGIN
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

CREATE TRIGGER contact_tags_cadence_on_insert AFTER INSERT ON contact_tags
WHEN EXISTS (SELECT 1 FROM cadence_rules WHERE kind = 'tag') BEGIN
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

CREATE TRIGGER contact_tags_cadence_on_delete AFTER DELETE ON contact_tags
WHEN EXISTS (SELECT 1 FROM cadence_rules WHERE kind = 'tag') BEGIN
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
