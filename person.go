package faces

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Person is the primary record of Faces: someone on the customer side (a
// customer, a prospect, a contact who is not a customer yet). Their current
// title and company come from their role history (see Position).
type Person struct {
	ID       int64
	Name     string
	Pronouns string
	Emails   []string
	Phones   []string
	// Addresses are postal addresses, one line each.
	Addresses []string
	Links     []string
	Tags      []string
	Notes     string

	// Current is the open position, if any; read-only, kept by MovePerson.
	Current *Position
	// PhotoHash names the person's portrait, "" when there is none;
	// read-only, kept by the PhotoService.
	PhotoHash string
	// AtRisk is the newest at-risk flag that holds on them, when a page
	// shows it; read-only, filled by RiskService.PeopleAtRisk.
	AtRisk *Risk `json:"-"`
	// Hit is why they matched a search, when a results page shows it;
	// read-only, see HitOf.
	Hit *Hit `json:"-"`

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Limits on a person's fields.
const (
	MaxNameLen  = 200
	MaxNotesLen = 20000
	MaxListLen  = 20 // emails, phones, links or tags
)

// Validate checks a person before it is stored, and tidies lists: blank
// entries go, surrounding spaces are trimmed.
func (p *Person) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	p.Pronouns = strings.TrimSpace(p.Pronouns)
	p.Emails, p.Phones, p.Addresses = tidy(p.Emails), tidy(p.Phones), tidy(p.Addresses)
	p.Links, p.Tags = tidy(p.Links), tidy(p.Tags)
	f := fieldErrors{}
	f.check(p.Name != "", "name", "A name is required.")
	f.length("person", "name", p.Name)
	f.length("person", "pronouns", p.Pronouns)
	f.length("person", "notes", p.Notes)
	for field, list := range map[string][]string{"emails": p.Emails, "phones": p.Phones, "addresses": p.Addresses, "links": p.Links, "tags": p.Tags} {
		f.check(len(list) <= MaxListLen, field, "Too many entries.")
		f.lengthEach("person", field, list)
	}
	for _, e := range p.Emails {
		_, err := mail.ParseAddress(e)
		f.check(err == nil && strings.Contains(e, "@") && !strings.ContainsAny(e, " <>"), "emails", "“"+e+"” is not an email address.")
	}
	for _, l := range p.Links {
		f.check(strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://"), "links", "Links start with https:// or http://.")
	}
	return f.err("person")
}

func tidy(list []string) []string {
	out := []string{}
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// PersonFilter selects people. Zero fields select everyone, by name.
type PersonFilter struct {
	CompanyID int64 // currently at this company
	// Tag selects the people with this tag (in any case), by name.
	Tag string
	// FormerlyAt selects the people who held a position at this company
	// and are not there now, most recently left first (Sort and After do
	// not apply).
	FormerlyAt int64
	// Role selects the people with this buying role (at any company).
	Role string
	// Consent selects the people whose consent holds now ("yes") or who
	// have none that holds ("no"); Photo those with a portrait or without.
	Consent, Photo string
	Sort           PersonSort
	// After continues the list after the person the cursor names (see
	// PersonSort.CursorOf); Offset skips records, for short lists only.
	After  *Cursor
	Offset int
	Limit  int // 0 means DefaultLimit
}

// Validate checks the filter's choices.
func (f *PersonFilter) Validate() error {
	fe := fieldErrors{}
	fe.check(f.Sort.Valid(), "sort", "name, changed or company.")
	fe.check(f.Role == "" || contains(BuyingRoles, f.Role), "role", "One of the buying roles: "+strings.Join(BuyingRoles, ", ")+".")
	fe.check(f.Consent == "" || f.Consent == "yes" || f.Consent == "no", "consent", "yes or no.")
	fe.check(f.Photo == "" || f.Photo == "yes" || f.Photo == "no", "photo", "yes or no.")
	fe.check(f.Sort != ByCompany || f.Offset == 0, "offset", "A list by company pages with after, not offset.")
	return fe.err("filter")
}

// DefaultLimit is how many records a list returns when none is asked for.
const DefaultLimit = 50

// Move is a person's move to a new position: it closes their current
// position on the day and opens the new one.
type Move struct {
	CompanyID int64
	Title     string
	Division  string
	On        time.Time // the day of the move
}

// Validate checks a move.
func (m *Move) Validate() error {
	m.Title, m.Division = strings.TrimSpace(m.Title), strings.TrimSpace(m.Division)
	f := fieldErrors{}
	f.check(m.CompanyID > 0, "company", "Choose the company they move to.")
	f.check(m.Title != "", "title", "A title is required.")
	f.length("move", "title", m.Title)
	f.length("move", "division", m.Division)
	f.check(!m.On.IsZero(), "on", "The day of the move is required.")
	return f.err("move")
}

// PersonService keeps people and their role history. Every change is
// written to the audit trail in the same transaction, as the actor in the
// context (see NewContextWithActor).
type PersonService interface {
	FindPersonByID(ctx context.Context, id int64) (*Person, error)
	// FindPeople lists a page of people, with how many match in all, up
	// to CountCap+1 (more than CountCap).
	FindPeople(ctx context.Context, filter PersonFilter) ([]*Person, int, error)
	CreatePerson(ctx context.Context, p *Person) error
	// CreatePersonAt creates a person with their first position, in one
	// step: both are made or neither.
	CreatePersonAt(ctx context.Context, p *Person, first Move) error
	UpdatePerson(ctx context.Context, p *Person) error
	DeletePerson(ctx context.Context, id int64) error

	// MovePerson closes the current position (if any) and opens a new
	// one; stories and relationships stay with the person. A move dated
	// after today (m.Planned()) is kept as a planned move instead, and the
	// person is returned unchanged. Recording the position someone already
	// holds, or the same planned move twice, is ECONFLICT.
	MovePerson(ctx context.Context, personID int64, m Move) (*Person, error)
	// Positions lists a person's role history, newest first.
	Positions(ctx context.Context, personID int64) ([]*Position, error)
	// UpdatePosition corrects a position's title, division and days;
	// DeletePosition removes one recorded by mistake.
	UpdatePosition(ctx context.Context, p *Position) error
	DeletePosition(ctx context.Context, personID, positionID int64) error

	// PlannedMoves lists a person's planned moves, soonest first.
	PlannedMoves(ctx context.Context, personID int64) ([]*PlannedMove, error)
	CancelPlannedMove(ctx context.Context, personID, moveID int64) error
	// ApplyPlannedMoves makes the planned moves due by today into
	// positions, and says how many it applied.
	ApplyPlannedMoves(ctx context.Context) (int, error)
}
