package faces

import (
	"context"
	"strings"
	"time"
)

// Visit is a time staff spent with a customer where they work: watching
// their work, interviewing them, at a council, a product review, an
// event — or selling. Anyone on staff may go; what matters for the
// practice is how many go in non-sales situations. A visit dated ahead is
// a plan.
type Visit struct {
	ID        int64
	On        time.Time // the day
	CompanyID int64
	Kind      string // one of VisitKinds
	NonSales  bool
	Notes     string // what was seen and learned
	PersonIDs []int64
	StaffIDs  []int64

	// Read-only, filled when read.
	CompanyName string
	People      []Named // the customer people met
	Staff       []Named // who went from our side (Detail: their team)
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Named is a record's id and name, with a detail (a title, a team).
type Named struct {
	ID     int64
	Name   string
	Detail string
}

// NamesOf lists the names of records.
func NamesOf(records []Named) []string {
	names := make([]string, len(records))
	for i, r := range records {
		names[i] = r.Name
	}
	return names
}

// VisitKinds are the kinds of visit, as the API names them.
var VisitKinds = []string{"observe", "interview", "council", "product_review", "event", "sales"}

// VisitKindNames are the kinds as pages name them.
var VisitKindNames = map[string]string{"observe": "watching them work", "interview": "interview", "council": "customer council",
	"product_review": "product review", "event": "event", "sales": "sales"}

// Limits on a visit.
const (
	MaxVisitPeople = 50
	MaxVisitStaff  = 50
)

// Planned tells whether the visit is still to come.
func (v *Visit) Planned(now time.Time) bool {
	return v.On.After(now.Truncate(24 * time.Hour))
}

// Unattributed tells whether the visit names no customer person: allowed,
// but its learning is harder to trace back, so pages flag it.
func (v *Visit) Unattributed() bool { return len(v.PersonIDs) == 0 }

// Validate checks a visit before it is stored; lists lose duplicates.
func (v *Visit) Validate() error {
	v.Notes = strings.TrimSpace(v.Notes)
	v.PersonIDs, v.StaffIDs = uniqueIDs(v.PersonIDs), uniqueIDs(v.StaffIDs)
	f := fieldErrors{}
	f.check(!v.On.IsZero(), "on", "Give the day of the visit.")
	f.check(v.CompanyID > 0, "company_id", "Choose the company visited.")
	f.check(contains(VisitKinds, v.Kind), "kind", "Choose what kind of visit it was.")
	f.check(!(v.Kind == "sales" && v.NonSales), "non_sales", "A sales visit is not a non-sales visit.")
	f.check(len(v.StaffIDs) > 0, "staff_ids", "Say who went from our side.")
	f.check(len(v.StaffIDs) <= MaxVisitStaff, "staff_ids", "At most 50 of us per visit.")
	f.check(len(v.PersonIDs) <= MaxVisitPeople, "person_ids", "At most 50 people per visit.")
	f.length("visit", "notes", v.Notes)
	return f.err("visit")
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	out := []int64{}
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// VisitFilter selects visits, latest first.
type VisitFilter struct {
	PersonID  int64
	CompanyID int64
	StaffID   int64
	// Before continues the list after the visit the cursor names (its day
	// and id).
	Before *Cursor
	Limit  int
}

// LastVisits answers "when did you last visit a customer?": the last
// visit and the last non-sales visit that have happened (zero if none).
type LastVisits struct {
	Visit, NonSales time.Time
}

// VisitDashboard is the leaders' view of the practice: by team, how many
// staff there are, how many made a non-sales visit in the last twelve
// months and who never has; and by month, the visits made.
type VisitDashboard struct {
	Teams   []TeamVisits
	ByMonth []MonthVisits
}

// TeamVisits is one team's line of the dashboard.
type TeamVisits struct {
	Team    string
	Staff   int
	Visited int      // with a non-sales visit in the last 12 months
	Never   []string // names of those who never made a non-sales visit
}

// MonthVisits is one month of the dashboard.
type MonthVisits struct {
	Month    string // "2026-11"
	Visits   int
	NonSales int
	Visitors int // distinct staff who went on a non-sales visit
}

// VisitService keeps visits.
type VisitService interface {
	CreateVisit(ctx context.Context, v *Visit) error
	// UpdateVisit replaces a visit's day, company, kind, notes, people
	// and staff.
	UpdateVisit(ctx context.Context, v *Visit) error
	DeleteVisit(ctx context.Context, id int64) error
	FindVisitByID(ctx context.Context, id int64) (*Visit, error)
	// FindVisits lists visits, latest first, a page at a time, with a
	// total (capped at CountCap).
	FindVisits(ctx context.Context, f VisitFilter) ([]*Visit, int, error)
	LastVisitsOf(ctx context.Context, userID int64, now time.Time) (LastVisits, error)
	// AddVisitPhoto adds a photo (its renditions by size, named by their
	// content hash) to a visit; VisitPhotos lists their hashes.
	AddVisitPhoto(ctx context.Context, visitID int64, hash string, renditions map[string][]byte) error
	RemoveVisitPhoto(ctx context.Context, visitID int64, hash string) error
	VisitPhotos(ctx context.Context, visitID int64) ([]string, error)
	VisitDashboard(ctx context.Context, now time.Time) (*VisitDashboard, error)
}
