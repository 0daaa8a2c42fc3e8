-- The story check: the sentences that make a story about our product
-- rather than about the person (a JSON list; empty when it is about
-- them), and an index of the stories that are, for their list and the
-- wall.
ALTER TABLE stories ADD COLUMN about_us TEXT NOT NULL DEFAULT '[]';
CREATE INDEX stories_about_us ON stories (person_id) WHERE about_us <> '[]';
