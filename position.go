package faces

import "time"

// Position is one entry of a person's dated role history: a title at a
// company (and division) from one day to another. The current position
// has a zero To.
type Position struct {
	ID          int64
	PersonID    int64
	CompanyID   int64
	CompanyName string // read-only, for display
	Title       string
	Division    string
	From        time.Time
	To          time.Time `json:",omitzero"`
}

// Current tells whether the position is still held.
func (p *Position) Current() bool { return p.To.IsZero() }
