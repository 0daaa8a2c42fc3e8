package demo

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
)

// colleagues are the sample organization's own staff, who go on visits.
// Their accounts get a random password nobody knows: they appear in
// lists and the dashboard but cannot be signed in to.
var colleagues = [][2]string{
	{"Mara Quinn", "Product"}, {"Priya Shah", "Engineering"}, {"Owen Reid", "Engineering"},
	{"Tomás Berg", "Finance"}, {"Leo Park", "Sales"}, {"Hana Sato", "Support"},
}

type visit struct {
	daysAgo  int // negative: a planned visit
	company  int // index into companies
	kind     string
	nonSales bool
	staff    []string
	met      []string
	notes    string
}

var visits = []visit{
	{20, 0, "observe", true, []string{"Mara Quinn", "Priya Shah"}, []string{"Bill Tran", "Jill Okafor", "Sam Whitaker"},
		"Spent the night shift at Plant 2. Jill runs the line from a paper log she trusts more than any screen; Sam fixes the oldest oven by ear. Bill wants one page each morning that says what broke overnight."},
	{12, 0, "sales", false, []string{"Leo Park"}, []string{"Susan Achterberg"}, "Renewal: Susan wants the price fixed for two years."},
	{40, 1, "interview", true, []string{"Hana Sato"}, []string{"John Mbeki", "Frank Delgado"},
		"Asked who decides which tools the clinics use: Frank does, but only after John's nurses have tried them for a week."},
	{95, 6, "council", true, []string{"Tomás Berg"}, []string{"Nora Fitzgerald", "Daniel Owusu"},
		"Customer council on the branch redesign. Nora: customers come in to talk, not to transact."},
	{150, 4, "product_review", true, []string{"Owen Reid", "Mara Quinn"}, []string{"Priya Raman", "Owen Clarke"},
		"Walked through the setup guide Owen wrote for the night shift; the apprentices use it instead of ours."},
	{-8, 2, "observe", true, []string{"Priya Shah"}, []string{"Liz Moreau"}, "Plan: a night at the Coventry cross-dock."},
	{60, 5, "sales", false, []string{"Leo Park"}, []string{"Marco Rossi"}, "Proposal for the three new hotels."},
	{200, 5, "observe", true, []string{"Hana Sato"}, []string{"Chloe Martin", "Aisha Karim"},
		"A morning at the front desk: 150 guests, and Chloe knew the regulars' rooms by heart."},
}

// Visits needs the staff accounts and visits of the services.
type visitStore interface {
	faces.UserService
	faces.VisitService
}

// addVisits creates the colleagues (if their emails are free) and their
// visits to the sample customers.
func addVisits(ctx context.Context, s visitStore, companyIDs []int64, people map[string]int64) error {
	staff := map[string]int64{}
	for _, c := range colleagues {
		email := fmt.Sprintf("%s@demo.faces.example", firstWord(c[0]))
		if u, err := s.FindUserByEmail(ctx, email); err == nil {
			staff[c[0]] = u.ID
			continue
		}
		secret := make([]byte, 24)
		rand.Read(secret)
		u := &faces.User{Name: c[0], Email: email, Team: c[1], Role: faces.RoleViewer,
			PasswordHash: password.Hash(base64.RawURLEncoding.EncodeToString(secret))}
		if err := s.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("demo colleague %s: %w", c[0], err)
		}
		staff[c[0]] = u.ID
	}
	for _, v := range visits {
		rec := &faces.Visit{On: faces.Now().AddDate(0, 0, -v.daysAgo), CompanyID: companyIDs[v.company], Kind: v.kind,
			NonSales: v.nonSales, Notes: v.notes}
		for _, name := range v.staff {
			rec.StaffIDs = append(rec.StaffIDs, staff[name])
		}
		for _, name := range v.met {
			rec.PersonIDs = append(rec.PersonIDs, people[name])
		}
		if err := s.CreateVisit(ctx, rec); err != nil {
			return fmt.Errorf("demo visit to %s: %w", companies[v.company].name, err)
		}
	}
	return nil
}
