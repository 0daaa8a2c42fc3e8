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

// RecordFilter says which people to read out, and whether with their
// portraits.
type RecordFilter struct {
	IDs    []int64 // these people; everyone when nil
	Photos bool    // read each portrait's full rendition too
}

// ExportService reads people out with all their card holds.
type ExportService interface {
	// EachPersonRecord calls fn with each person's record, by id, reading
	// them a page at a time with a few queries per page, never one per
	// person, in one snapshot of the database.
	EachPersonRecord(ctx context.Context, f RecordFilter, fn func(*PersonRecord) error) error
}
