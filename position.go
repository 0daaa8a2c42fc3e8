package faces

import (
	"context"
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
	// PreviousCompanyID is the company a move came from; 0 for a first
	// position. Read-only, kept by MovePerson.
	PreviousCompanyID int64 `json:",omitzero"`
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

// Change is a move in the recent-changes feed: who moved, from which
// company to which, as what, from which day.
type Change struct {
	Position        // the position the move opened
	PersonName      string
	PhotoHash       string
	PreviousCompany string
}

// ChangeService reads the recent-changes feed.
type ChangeService interface {
	// RecentChanges lists moves by the day they took effect, latest
	// first, continuing after the cursor (TimeCursor of From and the
	// position's id). A person's first position is not a move.
	RecentChanges(ctx context.Context, after *Cursor, limit int) ([]*Change, error)
}

// CursorOf is the cursor after a change in the feed.
func (c *Change) CursorOf() Cursor { return TimeCursor(c.From, c.ID) }

// Today is the current day (UTC), the day moves are compared with.
func Today() time.Time {
	n := Now().UTC()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// Planned tells whether the move is dated after today, and so waits for
// its day.
func (m Move) Planned() bool { return m.On.After(Today()) }
