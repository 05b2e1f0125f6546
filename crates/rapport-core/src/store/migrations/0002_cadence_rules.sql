-- Default keep-in-touch cadence per tag or per stage; a contact's own cadence wins.
CREATE TABLE cadence_rules (
    kind  TEXT NOT NULL CHECK (kind IN ('tag', 'stage')),
    name  TEXT NOT NULL COLLATE NOCASE,
    days  INTEGER NOT NULL CHECK (days > 0),
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;
