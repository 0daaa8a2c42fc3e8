// Package demo fills an empty Faces database with a believable sample
// organization's customers, so that a newcomer sees the product at once:
// companies of several kinds, people at every level (not only
// executives), role histories with moves between companies, stories in
// the customers' own terms, and consent for most of them.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/photo"
	"github.com/faces-org/faces/sqlstore"
)

// Store is what the demo writes through: the same services the app uses,
// so every record is validated, indexed and audited like any other.
type Store interface {
	faces.PersonService
	faces.CompanyService
	faces.StoryService
	faces.RelationshipService
	faces.PhotoService
	faces.UserService
	faces.VisitService
}

// links are who works with whom, by name: from, kind, to.
var links = [][3]string{
	{"Jill Okafor", "reports_to", "Bill Tran"},
	{"Sam Whitaker", "reports_to", "Bill Tran"},
	{"Bill Tran", "uses_information_from", "Susan Achterberg"},
	{"Susan Achterberg", "decides_for", "Bill Tran"},
	{"John Mbeki", "reports_to", "Frank Delgado"},
	{"Ines Alvarez", "reports_to", "Frank Delgado"},
	{"Frank Delgado", "works_with", "Lily Chen"},
	{"Raj Patel", "reports_to", "Liz Moreau"},
	{"Yusuf Demir", "works_with", "Liz Moreau"},
	{"Tom Harris", "reports_to", "Amara Nwosu"},
	{"Emma Novak", "works_with", "Amara Nwosu"},
	{"Owen Clarke", "reports_to", "Priya Raman"},
	{"Kofi Boateng", "uses_information_from", "Priya Raman"},
	{"Aisha Karim", "reports_to", "Marco Rossi"},
	{"Marco Rossi", "reports_to", "Grace Lindqvist"},
	{"Chloe Martin", "reports_to", "Grace Lindqvist"},
	{"Nora Fitzgerald", "reports_to", "Daniel Owusu"},
	{"Bill Tran", "introduced_by", "Liz Moreau"},
}

type company struct {
	name, story string
	key         bool
	locations   []string
}

var companies = []company{
	{"Northwind Foods", "A family-owned food manufacturer with four plants; the night shift at Plant 2 runs the busiest line in the region.", true, []string{"Leeds", "Bradford"}},
	{"Harbor Health", "A network of eleven clinics that cut waiting times by a third in two years.", true, []string{"Bristol"}},
	{"Keystone Logistics", "Moves fresh goods for 300 stores overnight, from two cross-docks.", false, []string{"Birmingham", "Coventry"}},
	{"Brightline Schools", "A trust of nine secondary schools sharing one facilities team.", false, []string{"Manchester"}},
	{"Atlas Components", "Makes precision parts for wind turbines; a third of staff are apprentices.", true, []string{"Sheffield"}},
	{"Juniper Hotels", "Twenty boutique hotels, each run by a general manager with wide latitude.", false, []string{"Edinburgh", "Glasgow"}},
	{"Crescent Bank", "A regional bank that moved its branches onto a single operations platform.", false, []string{"Cardiff"}},
}

type person struct {
	name, pronouns string
	history        []stint // oldest first; the last is current
	tags           []string
	card, story    string
	source         string
	consent        bool
}

type stint struct {
	company  int
	title    string
	division string
	from     string
}

var people = []person{
	{"Jill Okafor", "she/her", []stint{{0, "Line operator", "Plant 2", "2017-04-03"}, {0, "Shift supervisor", "Plant 2", "2021-09-01"}}, []string{"champion"},
		"Runs the Plant 2 night shift; cut changeover time from 40 to 12 minutes.", "Jill started on the packing line and now runs the busiest shift in the company. She keeps a whiteboard of every stoppage and the fix that worked; the day crew copied it within a month.", "visit", true},
	{"Bill Tran", "he/him", []stint{{2, "Warehouse lead", "", "2016-02-01"}, {0, "Operations manager", "Plant 2", "2022-01-10"}}, []string{"decision maker"},
		"Moved from logistics to run operations at Plant 2; knows every forklift by name.", "Bill spent six years at Keystone's cross-dock before joining Northwind. He measures everything in minutes per pallet and still walks the floor at 5 a.m.", "interview", true},
	{"Susan Achterberg", "she/her", []stint{{0, "Chief financial officer", "", "2019-06-01"}}, []string{"economic buyer"},
		"Signs off every capital purchase; wants payback inside two years.", "", "", false},
	{"Frank Delgado", "he/him", []stint{{1, "Clinic manager", "Southmead", "2018-03-12"}}, []string{"champion", "user"},
		"Cut the wait for a first appointment from 19 days to 6.", "Frank rebuilt the booking rota with his receptionists around the hours patients actually call.", "visit", true},
	{"Lily Chen", "she/her", []stint{{1, "Head of digital", "", "2020-11-02"}}, []string{"influencer"},
		"Brought online booking to all eleven clinics in one winter.", "", "event", true},
	{"John Mbeki", "he/him", []stint{{1, "Practice nurse", "Southmead", "2015-09-01"}}, []string{"user"},
		"Trains every new nurse on the triage checklist he wrote.", "", "visit", true},
	{"Liz Moreau", "she/her", []stint{{2, "Transport planner", "", "2018-01-15"}, {2, "Head of network planning", "", "2023-04-01"}}, []string{"decision maker"},
		"Rebuilt the cold chain for 300 stores in six weeks.", "Liz plans every route the night before; when a cross-dock flooded she rerouted 40 lorries by 4 a.m.", "interview", true},
	{"Raj Patel", "he/him", []stint{{2, "Driver", "", "2014-05-05"}, {2, "Depot supervisor", "Coventry", "2020-02-01"}}, []string{"user"},
		"Knows which stores take deliveries before dawn and which never answer the door.", "", "visit", true},
	{"Amara Nwosu", "she/her", []stint{{3, "Facilities manager", "", "2019-08-20"}}, []string{"champion", "decision maker"},
		"Keeps nine school buildings warm on one boiler budget.", "Amara walks each school once a term with the caretaker and a thermal camera.", "visit", true},
	{"Tom Harris", "he/him", []stint{{3, "Caretaker", "Oakfield School", "2012-01-09"}}, []string{"user"},
		"Has opened Oakfield's gates at 6:45 every school day for twelve years.", "", "visit", true},
	{"Priya Raman", "she/her", []stint{{4, "Quality engineer", "", "2017-03-01"}, {4, "Head of quality", "", "2024-02-01"}}, []string{"influencer"},
		"Took the scrap rate on turbine hubs from 4% to under 1%.", "Priya's team measures every hub twice, once warm and once cold, because the tolerance is finer than a hair.", "interview", true},
	{"Owen Clarke", "he/him", []stint{{4, "Apprentice machinist", "", "2022-09-05"}}, []string{"user"},
		"Second-year apprentice; wrote the setup guide the night shift now uses.", "", "event", true},
	{"Helen Duarte", "she/her", []stint{{4, "Managing director", "", "2016-01-04"}}, []string{"economic buyer"},
		"Grew Atlas from 40 to 160 people without a layoff.", "", "", false},
	{"Marco Rossi", "he/him", []stint{{5, "General manager", "Juniper Old Town", "2019-04-01"}}, []string{"decision maker"},
		"Runs a 40-room hotel where most guests come back.", "", "visit", true},
	{"Aisha Karim", "she/her", []stint{{5, "Head housekeeper", "Juniper Old Town", "2018-06-18"}}, []string{"user"},
		"Redesigned room turnaround so every room is ready by two.", "", "visit", true},
	{"Grace Lindqvist", "she/her", []stint{{6, "Branch operations lead", "", "2017-10-01"}, {5, "Group operations director", "", "2024-07-01"}}, []string{"champion"},
		"Moved the bank's branches onto one platform, then moved on to run hotel operations.", "Grace led Crescent's branch migration; when she joined Juniper she brought the same weekly stand-up with every general manager.", "interview", true},
	{"Daniel Owusu", "he/him", []stint{{6, "Chief operating officer", "", "2021-03-01"}}, []string{"blocker"},
		"Asks for a reference customer in banking before anything new.", "", "", false},
	{"Nora Fitzgerald", "she/her", []stint{{6, "Branch manager", "Cardiff Central", "2013-02-11"}}, []string{"user"},
		"Knows most of her customers by name after eleven years at one branch.", "", "visit", true},
	{"Sam Whitaker", "they/them", []stint{{0, "Maintenance technician", "Plant 1", "2020-05-04"}}, []string{"user"},
		"Keeps the oldest oven line in the company running at 98% uptime.", "", "visit", true},
	{"Ines Alvarez", "she/her", []stint{{1, "Receptionist", "Southmead", "2021-01-11"}}, []string{"user"},
		"Answers 200 calls a day and knows which patients need a call back.", "", "visit", true},
	{"Kofi Boateng", "he/him", []stint{{4, "Procurement manager", "", "2018-09-03"}}, []string{"blocker"},
		"Insists on three quotes and a site visit before any contract.", "", "", false},
	{"Emma Novak", "she/her", []stint{{3, "Business manager", "Hillcrest Academy", "2019-01-07"}}, []string{"economic buyer"},
		"Balances a school budget where every heating bill counts.", "", "event", true},
	{"Yusuf Demir", "he/him", []stint{{2, "Data analyst", "", "2022-03-14"}}, []string{"influencer"},
		"Built the dashboard every depot supervisor opens first thing.", "", "interview", true},
	{"Chloe Martin", "she/her", []stint{{5, "Front desk manager", "Juniper Quayside", "2020-08-03"}}, []string{"user"},
		"Greets 150 guests a day and remembers the regulars' rooms.", "", "visit", true},
}

// FillAtomically fills the database in one transaction: stopped half-way
// (killed, or a failure), it leaves nothing, and the next start can fill
// it.
func FillAtomically(ctx context.Context, db *sqlstore.DB) error {
	return db.WithinTx(ctx, func(tx *sqlstore.DB) error { return Fill(ctx, tx) })
}

// Fill writes the sample organization into an empty database. It refuses
// (ECONFLICT) when people are already recorded, so it can never mix sample
// data with real data.
func Fill(ctx context.Context, s Store) error {
	if _, n, err := s.FindPeople(ctx, faces.PersonFilter{Limit: 1}); err != nil {
		return err
	} else if n > 0 {
		return faces.Errorf(faces.ECONFLICT, "The database already holds %d people; demo data only goes into an empty one.", n)
	}
	ids := make([]int64, len(companies))
	for i, c := range companies {
		rec := &faces.Company{Name: c.name, Story: c.story, KeyCustomer: c.key, Locations: c.locations}
		if err := s.CreateCompany(ctx, rec); err != nil {
			return fmt.Errorf("demo company %s: %w", c.name, err)
		}
		ids[i] = rec.ID
	}
	r := rand.New(rand.NewPCG(7, 11))
	byName := map[string]int64{}
	for _, p := range people {
		id, err := addPerson(ctx, s, p, ids, r)
		if err != nil {
			return fmt.Errorf("demo person %s: %w", p.name, err)
		}
		byName[p.name] = id
	}
	for _, l := range links {
		rel := &faces.Relationship{FromID: byName[l[0]], ToID: byName[l[2]], Kind: faces.RelationshipKind(l[1])}
		if err := s.AddRelationship(ctx, rel); err != nil {
			return fmt.Errorf("demo relationship %v: %w", l, err)
		}
	}
	return addVisits(ctx, s, ids, byName)
}

// portraits is the photo pipeline the demo's placeholder portraits go
// through, as uploads do.
var portraits = photo.NewPipeline(photo.DefaultBudget)

func addPerson(ctx context.Context, s Store, p person, ids []int64, r *rand.Rand) (int64, error) {
	email := fmt.Sprintf("%s@%s.example", firstWord(p.name), domain(companies[p.history[len(p.history)-1].company].name))
	rec := &faces.Person{Name: p.name, Pronouns: p.pronouns, Emails: []string{email}, Tags: p.tags,
		Phones: []string{fmt.Sprintf("+44 7700 9%05d", r.IntN(100000))}}
	if err := s.CreatePerson(ctx, rec); err != nil {
		return 0, err
	}
	for _, st := range p.history {
		from, err := time.Parse(time.DateOnly, st.from)
		if err != nil {
			return 0, err
		}
		if _, err := s.MovePerson(ctx, rec.ID, faces.Move{CompanyID: ids[st.company], Title: st.title, Division: st.division, On: from}); err != nil {
			return 0, err
		}
	}
	// Their tags are the parts they play in buying at their company now.
	now := ids[p.history[len(p.history)-1].company]
	for _, role := range p.tags {
		if err := s.AddBuyingRole(ctx, &faces.BuyingRole{PersonID: rec.ID, CompanyID: now, Role: role}); err != nil {
			return 0, err
		}
	}
	if p.card != "" {
		if err := s.SaveStory(ctx, &faces.Story{PersonID: rec.ID, Card: p.card, Body: p.story, Source: p.source}); err != nil {
			return 0, err
		}
	}
	// A generated placeholder portrait, through the same pipeline as an
	// upload.
	pic, err := portraits.Process(ctx, bytes.NewReader(portrait(r)))
	if err != nil {
		return 0, err
	}
	if err := s.SavePhoto(ctx, rec.ID, pic.Hash, pic.Renditions); err != nil {
		return 0, err
	}
	if p.consent {
		granted := faces.Now().AddDate(0, -1-r.IntN(18), 0)
		c := &faces.Consent{PersonID: rec.ID, GrantedOn: granted, Means: faces.ConsentMeans[r.IntN(len(faces.ConsentMeans))]}
		if err := s.GrantConsent(ctx, c); err != nil {
			return 0, err
		}
	}
	return rec.ID, nil
}

func firstWord(s string) string {
	for i, r := range s {
		if r == ' ' {
			return lower(s[:i])
		}
	}
	return lower(s)
}

func domain(company string) string { return firstWord(company) }

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
