-- Indexes on the columns that point at a follow-up, so that deleting follow-ups (the undo of
-- a campaign's creation removes thousands) finds the rows to clear through an index instead
-- of scanning the table once per follow-up.
CREATE INDEX deals_by_care_follow_up ON deals(care_follow_up_id) WHERE care_follow_up_id IS NOT NULL;
CREATE INDEX campaign_members_by_follow_up ON campaign_members(follow_up_id) WHERE follow_up_id IS NOT NULL;
