-- Wishes (insights of type wish) can be marked done.
ALTER TABLE insights ADD COLUMN done_at TIMESTAMPTZ;
CREATE INDEX insights_wishes ON insights (type, company_id, id);
