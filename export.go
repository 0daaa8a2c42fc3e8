package faces

import "context"

// PersonRecord is a person with what their card holds beside their own
// fields: role history, story, the relationships they are in, and their
// portrait (the full rendition, JPEG).
type PersonRecord struct {
	Person        *Person
	Positions     []*Position
	Story         *Story
	Relationships []*Relationship
	Photo         []byte
}

// ExportService reads people out with all their card holds.
type ExportService interface {
	// EachPersonRecord calls fn with each person's record, by id — the
	// people of ids, or everyone when ids is nil — reading them a page at a
	// time with a few queries per page, never one per person.
	EachPersonRecord(ctx context.Context, ids []int64, fn func(*PersonRecord) error) error
}
