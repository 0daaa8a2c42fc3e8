-- People with a photo at a company, by name: the list "with a photo" in
-- company order, or at one company, walks only those who have one (one
-- person in ten, say) instead of everyone there. The people at no
-- company with a photo are its NULL part.
CREATE INDEX people_with_photo_by_company ON people (current_company_id, name, id) WHERE has_photo;
