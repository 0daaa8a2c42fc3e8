-- The badge on every page counts a staff member's unread notifications:
-- an index of the unread ones only, so that the count never walks the
-- read ones (a year of moves of the people one follows).
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
