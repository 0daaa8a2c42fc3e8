package faces

import (
	"strings"
	"time"
)

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

// Validate checks a corrected position: a title, a start that is not in
// the future (a future move is a planned move), and an end, if any, not
// before the start.
func (p *Position) Validate() error {
	p.Title, p.Division = strings.TrimSpace(p.Title), strings.TrimSpace(p.Division)
	f := fieldErrors{}
	f.check(p.Title != "", "title", "A title is required.")
	f.length("move", "title", p.Title)
	f.length("move", "division", p.Division)
	f.check(!p.From.IsZero(), "from", "The first day is required.")
	f.check(!p.From.After(Today()), "from", "The first day cannot be in the future; record a planned move instead.")
	f.check(p.To.IsZero() || !p.To.Before(p.From), "to", "The last day cannot come before the first.")
	return f.err("position")
}

// PlannedMove is a move dated in the future. It is not anyone's current
// position until its day, when the server makes it one.
type PlannedMove struct {
	ID       int64
	PersonID int64
	Move
	CompanyName string // read-only, for display
	CreatedBy   int64
	CreatedAt   time.Time
}

// Today is the current day (UTC), the day moves are compared with.
func Today() time.Time {
	n := Now().UTC()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// Planned tells whether the move is dated after today, and so waits for
// its day.
func (m Move) Planned() bool { return m.On.After(Today()) }
