package faces

import (
	"context"
	"fmt"
	"time"
)

// WallSettings are the organization's choices for the general wall: how
// long a set of faces stays up, and how many faces a set holds.
type WallSettings struct {
	PeriodMonths int
	SetSize      int
}

// DefaultWallSettings: a quarter, two dozen faces.
var DefaultWallSettings = WallSettings{PeriodMonths: 3, SetSize: 24}

// PeriodChoices are the period lengths a year divides into evenly, so
// that every period starts on the same days each year.
var PeriodChoices = []int{1, 2, 3, 4, 6, 12}

// MaxSetSize bounds a period's set of faces.
const MaxSetSize = 200

// Validate checks wall settings before they are stored.
func (w *WallSettings) Validate() error {
	f := fieldErrors{}
	ok := false
	for _, m := range PeriodChoices {
		ok = ok || m == w.PeriodMonths
	}
	f.check(ok, "period_months", "A period is 1, 2, 3, 4, 6 or 12 months.")
	f.check(w.SetSize >= 1 && w.SetSize <= MaxSetSize, "set_size", fmt.Sprintf("A set holds between 1 and %d faces.", MaxSetSize))
	return f.err("wall settings")
}

// WallPeriod is a span of whole months, aligned to the start of the year,
// during which one set of faces is on the general wall.
type WallPeriod struct {
	Start, End time.Time // UTC midnights; End is the next period's Start
	Months     int
}

// PeriodOf returns the period of the given length that holds the time.
func PeriodOf(t time.Time, months int) WallPeriod {
	t = t.UTC()
	m := (int(t.Month())-1)/months*months + 1
	start := time.Date(t.Year(), time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	return WallPeriod{Start: start, End: start.AddDate(0, months, 0), Months: months}
}

// Next returns the period after this one.
func (p WallPeriod) Next() WallPeriod { return PeriodOf(p.End, p.Months) }

// Label names the period as people say it: "Q4 2026", "2026",
// "December 2026", "Jul–Dec 2026".
func (p WallPeriod) Label() string {
	switch p.Months {
	case 3:
		return fmt.Sprintf("Q%d %d", (int(p.Start.Month())+2)/3, p.Start.Year())
	case 12:
		return fmt.Sprint(p.Start.Year())
	case 1:
		return p.Start.Format("January 2006")
	}
	last := p.End.AddDate(0, 0, -1)
	return p.Start.Format("Jan") + "–" + last.Format("Jan 2006")
}

// PinMode is an editor's say over one person: always on the wall while
// they consent, or never.
type PinMode string

// Pin modes.
const (
	Pinned   PinMode = "pin"
	Excluded PinMode = "exclude"
)

// WallCard is what a screen shows of one person.
type WallCard struct {
	PersonID     int64
	Name         string
	Title        string
	CompanyName  string
	Card         string // their story card
	PhotoHash    string // "" without a photo
	ConsentUntil time.Time
}

// WallShowing is one entry of a person's wall history: shown on a screen
// during a period, first on a day.
type WallShowing struct {
	ScreenID   int64
	ScreenName string
	Place      string
	Period     WallPeriod
	FirstShown time.Time
}

// PinnedPerson is a pin or exclusion with the person's name, for lists.
type PinnedPerson struct {
	PersonID int64
	Name     string
	Mode     PinMode
	At       time.Time
}

// WallService keeps the wall's settings, sets, pins and history.
type WallService interface {
	WallSettings(ctx context.Context) (WallSettings, error)
	SaveWallSettings(ctx context.Context, w WallSettings) error

	// WallCandidates returns the people who may be picked at the time:
	// those with current consent, at most limit of them, least recently
	// shown first (never-shown people in an order the seed shuffles), with
	// the start of the last period each was picked for.
	WallCandidates(ctx context.Context, at time.Time, seed int64, limit int) ([]WallCandidate, error)
	// WallPins returns every pin and exclusion, the latest first.
	WallPins(ctx context.Context) ([]PinnedPerson, error)
	// PinOf returns a person's pin mode, "" when neither.
	PinOf(ctx context.Context, personID int64) (PinMode, error)
	// PinPerson pins or excludes a person; an empty mode clears it.
	PinPerson(ctx context.Context, personID int64, mode PinMode) error

	// PeriodSet returns the people picked for a period in order, and
	// whether it was locked; found is false for a period not yet picked.
	PeriodSet(ctx context.Context, p WallPeriod) (ids []int64, locked, found bool, err error)
	// SavePeriodSet stores a period's set unless one is stored already,
	// and returns the stored one: servers picking at once agree.
	SavePeriodSet(ctx context.Context, p WallPeriod, ids []int64, locked bool) ([]int64, error)
	// UnlockPeriod forgets a future period's set, so that it is picked
	// afresh.
	UnlockPeriod(ctx context.Context, p WallPeriod) error

	// WallCards returns the cards of the people, in the order given,
	// leaving out anyone without current consent at the time or kept off
	// the wall.
	WallCards(ctx context.Context, ids []int64, at time.Time) ([]WallCard, error)
	// RoomCards returns up to limit of a company's current people with
	// current consent who are not kept off the wall, those with a photo
	// first: by name from the name from on, then from the start (so a
	// company larger than a room can show turns to each part of it).
	RoomCards(ctx context.Context, companyID int64, at time.Time, from string, limit int) ([]WallCard, error)
	// WallHistory lists where and when a person was on the wall, newest
	// first.
	WallHistory(ctx context.Context, personID int64) ([]WallShowing, error)
}

// MaxCandidates bounds how many people one pick weighs: at a million
// people the least recently shown few thousand are considered, in an
// order the period's seed shuffles, so nobody is starved and the pick
// costs the same at any size.
const MaxCandidates = 5000

// RoomStart is where a room's list of people starts in a period: a letter
// the period's seed picks, so that the room of a company with more people
// than it can show turns to another part of them each period.
func RoomStart(p WallPeriod) string { return string(rune('A' + PeriodSeed(p)%26)) }

// PeriodSeed is the seed a period's pick uses unless told otherwise: the
// same period always draws the same set from the same state.
func PeriodSeed(p WallPeriod) int64 { return p.Start.Unix() / 86400 }

// SetFor returns the set of the period: the stored one, or else a fresh
// pick — stored when the period has begun, so every screen and server
// shows the same set all period, and only previewed when it is still to
// come.
func SetFor(ctx context.Context, w WallService, p WallPeriod, now time.Time) (ids []int64, locked bool, err error) {
	ids, locked, found, err := w.PeriodSet(ctx, p)
	if err != nil || found {
		return ids, locked, err
	}
	settings, err := w.WallSettings(ctx)
	if err != nil {
		return nil, false, err
	}
	ids, err = Pick(ctx, w, p, settings.SetSize)
	if err != nil || p.Start.After(now) {
		return ids, false, err
	}
	ids, err = w.SavePeriodSet(ctx, p, ids, false)
	return ids, false, err
}

// Pick draws a period's set from the store's candidates and pins.
func Pick(ctx context.Context, w WallService, p WallPeriod, size int) ([]int64, error) {
	seed := PeriodSeed(p)
	candidates, err := w.WallCandidates(ctx, p.Start, seed, MaxCandidates)
	if err != nil {
		return nil, err
	}
	pins, err := w.WallPins(ctx)
	if err != nil {
		return nil, err
	}
	modes := make(map[int64]PinMode, len(pins))
	for _, pin := range pins {
		modes[pin.PersonID] = pin.Mode
	}
	return PickWall(WallPlan{People: candidates, Pins: modes, Size: size, Seed: seed, Period: p}), nil
}
