-- A person's postal addresses, one line each, as an address book holds
-- them (vCard's ADR): a JSON array as text, like their phones.
ALTER TABLE people ADD COLUMN addresses TEXT NOT NULL DEFAULT '[]';
