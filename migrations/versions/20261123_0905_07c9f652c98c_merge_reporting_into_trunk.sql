-- revision: 07c9f652c98c
-- down_revision: 5c3f09d358d4, 31c9dce36229
-- message: Merge reporting into trunk
-- created: 2026-11-23T09:05:00Z

-- upgrade
-- Merge point: joins the reporting branch back into the trunk. No schema change.

-- downgrade
-- Merge point: nothing to revert.
