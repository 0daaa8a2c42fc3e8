-- Photos taken on a visit, by content hash (the renditions are shared with
-- portraits: one stored copy of the same picture).
CREATE TABLE visit_photos (
	visit_id   BIGINT NOT NULL REFERENCES visits (id),
	hash       TEXT NOT NULL,
	created_by BIGINT NOT NULL DEFAULT 0,
	created_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (visit_id, hash)
);
CREATE INDEX visit_photos_hash ON visit_photos (hash);
