package faces

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Event is a customer event our people go to or hold: a conference, a
// user group, a dinner. Its guests are people Faces knows (a guest list
// file is matched to them, and those no one knows become people); the key
// guests each get a prep sheet.
type Event struct {
	ID    int64
	Name  string
	On    time.Time // the day
	Place string
	Notes string

	CreatedBy int64
	CreatedAt time.Time
	// Read-only.
	Guests    int // how many are on the guest list
	KeyGuests int
}

// Limits on events.
const (
	// MaxGuests bounds an event's guest list: its pages show every guest.
	MaxGuests = 2000
	// MaxGuestListBytes bounds a guest list file.
	MaxGuestListBytes = 1 << 20
	// MaxKeyGuests bounds the prep sheets printed at once.
	MaxKeyGuests = 100
)

// Validate checks an event before it is stored.
func (e *Event) Validate() error {
	e.Name, e.Place, e.Notes = strings.TrimSpace(e.Name), strings.TrimSpace(e.Place), strings.TrimSpace(e.Notes)
	f := fieldErrors{}
	f.check(e.Name != "", "name", "Name the event.")
	f.check(!e.On.IsZero(), "on", "Give the day of the event.")
	f.length("event", "name", e.Name)
	f.length("event", "place", e.Place)
	f.length("event", "notes", e.Notes)
	return f.err("event")
}

// Guest is a person on an event's guest list.
type Guest struct {
	EventID  int64
	PersonID int64
	Key      bool // a key guest: one to prepare for
	Met      bool // met at the event (marked afterwards)
	Person   *Person
}

// How a guest list's row stands against the people Faces knows.
const (
	GuestKnown   = "known"   // matched for sure: by e-mail, or by name at their company
	GuestUnsure  = "unsure"  // someone like them is known: a human says who it is
	GuestNew     = "new"     // no one like them: a new person
	GuestRepeat  = "repeat"  // the list has them on an earlier row already
	GuestAlready = "already" // already on the event's guest list
	GuestUnnamed = "unnamed" // no one known has their address, and a new person needs a name
)

// GuestRow is one guest of a guest list file, matched.
type GuestRow struct {
	Contact    *Contact
	Status     string // one of the Guest… states
	PersonID   int64  // who they are, when known (or already a guest)
	How        string // how they were known (a Match… value)
	Candidates []GuestCandidate
	RepeatOf   int // the line of the row they repeat
}

// GuestCandidate is a known person a guest may be, and why.
type GuestCandidate struct {
	PersonID int64
	Name     string
	Where    string // their title and company now
	Why      string
}

// Choices for an unsure row, besides a candidate's person id.
const (
	ChooseNew   int64 = 0  // a new person
	ChooseLeave int64 = -1 // leave them off the list
)

// GuestListReport says what adding a guest list did.
type GuestListReport struct {
	Added     int // on the list now
	Known     int // of whom matched for sure
	Confirmed int // of whom a human said who they are
	Created   int // of whom are new people
	Left      int // left off by a human
	Repeats   int
	Already   int
	Problems  []LineProblem // rows not read, and new people not placed at their company
}

// GuestKey is what makes two rows of a guest list the same guest: the
// first e-mail address, or the name and company, any case.
func GuestKey(c *Contact) string {
	if len(c.Emails) > 0 {
		return "e:" + strings.ToLower(c.Emails[0])
	}
	return "n:" + strings.ToLower(strings.Join(strings.Fields(c.Name), " ")) + "\x00" + strings.ToLower(strings.TrimSpace(c.Company))
}

// Choice is what a human said about an unsure row: the line and whom.
type GuestChoices map[int]int64

// Resolve checks that every unsure row has a choice among its candidates
// (or new, or leave), and returns the field errors by line.
func (ch GuestChoices) Resolve(rows []*GuestRow) error {
	f := fieldErrors{}
	for _, r := range rows {
		if r.Status != GuestUnsure {
			continue
		}
		key := fmt.Sprintf("line_%d", r.Contact.Line)
		id, ok := ch[r.Contact.Line]
		if !ok {
			f.check(false, key, fmt.Sprintf("Say who %s is.", r.Contact.Name))
			continue
		}
		valid := id == ChooseNew || id == ChooseLeave
		for _, c := range r.Candidates {
			valid = valid || c.PersonID == id
		}
		f.check(valid, key, fmt.Sprintf("Choose one of those listed for %s.", r.Contact.Name))
	}
	return f.err("guest list")
}

// EventFilter pages through events: those on or after From, by day, after
// the cursor (day and id) when one is given.
type EventFilter struct {
	From    time.Time
	Past    bool // those before From instead, newest first
	AfterOn time.Time
	AfterID int64
	Limit   int
}

// GuestFilter pages through an event's guests: key guests first, then by
// name, after the cursor (see GuestCursor); Limit 0 is every guest.
type GuestFilter struct {
	EventID  int64
	KeyOrMet bool // only key guests and those marked met
	After    *Cursor
	Limit    int
}

// GuestCursor is the cursor after a guest in their list's order.
func GuestCursor(g *Guest) Cursor {
	key := "0|"
	if g.Key {
		key = "1|"
	}
	return Cursor{Key: key + g.Person.Name, ID: g.PersonID}
}

// Regular is a person who keeps coming to events.
type Regular struct {
	Person *Person
	Events int
	Last   time.Time
}

// EventService keeps events, their guest lists and what prep sheets show.
type EventService interface {
	CreateEvent(ctx context.Context, e *Event) error
	UpdateEvent(ctx context.Context, e *Event) error
	FindEventByID(ctx context.Context, id int64) (*Event, error)
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, error)
	// EventsOf lists the events a person was a guest at, newest first.
	EventsOf(ctx context.Context, personID int64, limit int) ([]*Event, error)
	// Guests lists a page of an event's guests, key guests first, then
	// by name.
	Guests(ctx context.Context, f GuestFilter) ([]*Guest, error)
	AddGuest(ctx context.Context, eventID, personID int64) error
	RemoveGuest(ctx context.Context, eventID, personID int64) error
	SetGuest(ctx context.Context, g *Guest) error
	// MatchGuests matches a guest list's contacts to the people Faces
	// knows, changing nothing.
	MatchGuests(ctx context.Context, eventID int64, contacts []*Contact) ([]*GuestRow, error)
	// AddGuests matches the contacts again and adds them, with the
	// choices made for the unsure ones, in one transaction: all of them,
	// or — when a choice is missing or no longer holds — none.
	AddGuests(ctx context.Context, eventID int64, contacts []*Contact, choices GuestChoices) (*GuestListReport, error)
	// PrepSheets gathers what each key guest's prep sheet shows.
	PrepSheets(ctx context.Context, eventID int64, personIDs []int64) ([]*PrepSheet, error)
	// Regulars lists people who were guests at two events or more since
	// the day given, most events first.
	Regulars(ctx context.Context, since time.Time, limit int) ([]*Regular, error)
}

// SimilarNames tells whether two names may be the same person's, as a
// guest list and Faces write them: the same letters but for case and
// accents, or the same family name with first names that differ by a
// letter or two or where one is an initial or a short form ("Jon",
// "J.", "Jonathan"). It says how they are alike, or "".
func SimilarNames(a, b string) string {
	fa, fb := nameWords(a), nameWords(b)
	if len(fa) == 0 || len(fb) == 0 {
		return ""
	}
	if strings.Join(fa, " ") == strings.Join(fb, " ") {
		return "the same name"
	}
	if fa[len(fa)-1] != fb[len(fb)-1] || len(fa) == 1 || len(fb) == 1 {
		return ""
	}
	x, y := fa[0], fb[0]
	switch {
	case strings.HasPrefix(x, y) || strings.HasPrefix(y, x):
		return "a similar name"
	case editDistance(x, y) <= 2 && min(len([]rune(x)), len([]rune(y))) >= 3:
		return "a similar name"
	}
	return ""
}

// nameWords lower-cases a name, takes accents and dots off its letters,
// and splits it into words.
func nameWords(name string) []string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	return strings.Fields(b.String())
}

// editDistance counts the letters to insert, delete or change to turn a
// into b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
