package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// The leaders' view counts what staff write, month by month, by kind and
// by team: how many texts mention customers at all, and how concretely.
func TestWritingStats(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctxAda, ada := asStaff(t, db)
		bo := &faces.User{Name: "Bo", Email: "bo@faces.example", Team: "Support", Role: faces.RoleEditor, PasswordHash: "x"}
		if err := db.CreateUser(context.Background(), bo); err != nil {
			t.Fatal(err)
		}
		ctxBo := faces.NewContextWithActor(context.Background(), bo.ID)
		acme := mustCompany(t, db, "Acme")

		at(t, day("2026-10-14"))
		// Ada (no team) writes a visit's notes about a person and a note on
		// a person that speaks of no customer.
		jill := &faces.Person{Name: "Jill Okafor", Notes: "Prefers mornings."}
		if err := db.CreatePersonAt(ctxAda, jill, faces.Move{CompanyID: acme.ID, Title: "Shift lead", On: day("2024-01-01")}); err != nil {
			t.Fatal(err)
		}
		v := &faces.Visit{On: day("2026-10-12"), CompanyID: acme.ID, Kind: "observe", NonSales: true, Notes: "Jill showed us the oven log; she reads it every hour.", PersonIDs: []int64{jill.ID}, StaffIDs: []int64{ada.ID}}
		if err := db.CreateVisit(ctxAda, v); err != nil {
			t.Fatal(err)
		}
		at(t, day("2026-12-01"))
		// Bo (Support) writes a review that speaks of the market only, and
		// an event's notes.
		if err := db.CreateReview(ctxBo, &faces.Review{CompanyID: acme.ID, Title: "Q4", Notes: "Customers in this segment renew late.", Answers: []*faces.ReviewAnswer{{PersonID: jill.ID, Answer: "Wants labels sooner."}}}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateEvent(ctxBo, &faces.Event{Name: "Meetup", On: day("2026-12-09"), Notes: "The CFO of every account is invited."}); err != nil {
			t.Fatal(err)
		}
		// A change that leaves the visit's notes as they were is no writing.
		v.Kind = "interview"
		if err := db.UpdateVisit(ctxBo, v); err != nil {
			t.Fatal(err)
		}

		st, err := db.WritingStats(ctxAda, faces.WritingFilter{From: "2026-10", To: "2026-12"})
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Months) != 3 || st.Months[1].Key != "2026-11" || st.Months[1].Texts != 0 {
			t.Fatalf("months %+v", st.Months)
		}
		oct, dec := st.Months[0], st.Months[2]
		if oct.Texts != 2 || oct.Mentioning != 1 || oct.At[3] != 1 {
			t.Errorf("October: %+v", oct)
		}
		if dec.Texts != 2 || dec.Mentioning != 2 || dec.At[0] != 1 || dec.At[2] != 1 {
			t.Errorf("December: %+v", dec)
		}
		if st.Total.Texts != 4 || st.Total.MentionShare() != 0.75 {
			t.Errorf("total %+v", st.Total)
		}
		kinds := map[string]faces.WritingRow{}
		for _, k := range st.Kinds {
			kinds[k.Key] = k
		}
		if kinds[faces.WritingVisitNotes].Texts != 1 || kinds[faces.WritingReview].At[0] != 1 || kinds[faces.WritingPersonNotes].Mentioning != 0 {
			t.Errorf("by kind %+v", st.Kinds)
		}
		if len(st.Teams) != 2 || st.Teams[0].Key != "" || st.Teams[0].Texts != 2 || st.Teams[1].Key != "Support" || st.Teams[1].Texts != 2 {
			t.Errorf("by team %+v", st.Teams)
		}
		// Filters by kind and by team.
		st, err = db.WritingStats(ctxAda, faces.WritingFilter{From: "2026-10", To: "2026-12", Team: "Support", Kind: faces.WritingReview})
		if err != nil || st.Total.Texts != 1 || st.Total.At[0] != 1 {
			t.Errorf("Support's reviews: %+v, %v", st, err)
		}
		st, err = db.WritingStats(ctxAda, faces.WritingFilter{From: "2026-10", To: "2026-12", Team: "-"})
		if err != nil || st.Total.Texts != 2 {
			t.Errorf("authors without a team: %+v, %v", st, err)
		}
		for _, bad := range []faces.WritingFilter{{From: "2026-13", To: "2026-12"}, {From: "2026-12", To: "2026-10"}, {From: "2026-10", To: "2026-12", Kind: "tweets"}} {
			if _, err := db.WritingStats(ctxAda, bad); faces.ErrorCode(err) != faces.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}

		// Editing the same text again in a month keeps one row, its last
		// version.
		decemberNotes := func(notes ...string) faces.WritingRow {
			for _, n := range notes {
				jill.Notes = n
				if err := db.UpdatePerson(ctxBo, jill); err != nil {
					t.Fatal(err)
				}
			}
			st, _ := db.WritingStats(ctxAda, faces.WritingFilter{From: "2026-12", To: "2026-12", Kind: faces.WritingPersonNotes})
			return st.Total
		}
		if got := decemberNotes("Her team wants labels before the trucks come.", "Jill wants labels before the trucks come."); got.Texts != 1 || got.At[3] != 1 {
			t.Errorf("notes edited twice in December: %+v", got)
		}
		// A person's notes are about that person: "her" is Jill, even
		// where no sentence before names her.
		if got := decemberNotes("Prefers calls before noon.\n\nDo not send her slide decks."); got.Texts != 1 || got.At[3] != 1 {
			t.Errorf("notes that speak of her as \"her\": %+v", got)
		}

		// Erasing a person forgets their texts' rows.
		if err := db.ErasePerson(ctxAda, jill.ID); err != nil {
			t.Fatal(err)
		}
		st, _ = db.WritingStats(ctxAda, faces.WritingFilter{From: "2026-10", To: "2026-12", Kind: faces.WritingPersonNotes})
		if st.Total.Texts != 0 {
			t.Errorf("an erased person's notes still counted: %+v", st.Total)
		}
	})
}

// A text about one customer may name them without introducing them: the
// lens is told their name ("Northwind renews in June" speaks of the
// company whose notes these are), when a text is written and when the
// texts held are read once.
func TestWritingKnowsWhomItIsAbout(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, ada := asStaff(t, db)
		at(t, day("2026-11-03"))
		northwind := &faces.Company{Name: "Northwind Traders", Story: "Northwind was founded in 1952 as a dairy cooperative."}
		if err := db.CreateCompany(ctx, northwind); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateVisit(ctx, &faces.Visit{On: day("2026-11-02"), CompanyID: northwind.ID, Kind: "observe", NonSales: true,
			Notes: "Northwind moved the night shift to the new depot.", StaffIDs: []int64{ada.ID}}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateReview(ctx, &faces.Review{CompanyID: northwind.ID, Title: "Q4", Notes: "Northwind renews in June."}); err != nil {
			t.Fatal(err)
		}
		p := &faces.Person{Name: "Sam Whitaker", Notes: "Whitaker prefers calls before noon."}
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		// A visit's notes name whom it met by first name.
		kofi := &faces.Person{Name: "Kofi Mensah"}
		if err := db.CreatePerson(ctx, kofi); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateVisit(ctx, &faces.Visit{On: day("2026-11-03"), CompanyID: northwind.ID, Kind: "observe", NonSales: true,
			Notes: "Kofi showed us the label station.", PersonIDs: []int64{kofi.ID}, StaffIDs: []int64{ada.ID}}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveStory(ctx, &faces.Story{PersonID: p.ID, Card: "Whitaker fixes the oldest oven by ear."}); err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			st, err := db.WritingStats(ctx, faces.WritingFilter{From: "2026-11", To: "2026-11"})
			if err != nil {
				t.Fatal(err)
			}
			if st.Total.Texts != 6 || st.Total.At[1] != 3 || st.Total.At[3] != 3 {
				t.Errorf("%s: %+v (kinds %+v)", when, st.Total, st.Kinds)
			}
		}
		check("as written")
		if err := db.ForgetWritingsForTest(ctx, true); err != nil {
			t.Fatal(err)
		}
		if err := db.ReadWritingsOnce(ctx); err != nil {
			t.Fatal(err)
		}
		check("read once")
		// A review's notes that name whom it asks about, by first name,
		// speak of a person, not only of the account.
		review := &faces.Review{CompanyID: northwind.ID, Title: "Q1", Notes: "The account is stable. Kofi wants the labels before the trucks.",
			Answers: []*faces.ReviewAnswer{{PersonID: kofi.ID, Answer: "Labels first."}}}
		if err := db.CreateReview(ctx, review); err != nil {
			t.Fatal(err)
		}
		if got, err := db.FindReview(ctx, review.ID); err != nil || got.Abstract {
			t.Errorf("notes naming Kofi flagged as abstract: %v %+v", err, got)
		}
	})
}

// An insight we summed up is our writing; one in the customer's own
// words is theirs and is not counted. A database read for the leaders'
// view before insights were counted is read once more for them.
func TestInsightsInOurWords(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := asStaff(t, db)
		at(t, day("2026-11-03"))
		kofi := &faces.Person{Name: "Kofi Mensah"}
		if err := db.CreatePerson(ctx, kofi); err != nil {
			t.Fatal(err)
		}
		for _, in := range []*faces.Insight{
			{PersonID: kofi.ID, Type: "wish", Text: "Kofi wants labels printed at the dock.", Method: "visit"},
			{PersonID: kofi.ID, Type: "language", Text: "We lose 20 minutes every morning.", Verbatim: true, Method: "visit"},
		} {
			if err := db.CreateInsight(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		check := func(when string) {
			t.Helper()
			st, err := db.WritingStats(ctx, faces.WritingFilter{From: "2026-11", To: "2026-11", Kind: faces.WritingInsight})
			if err != nil {
				t.Fatal(err)
			}
			if st.Total.Texts != 1 || st.Total.At[3] != 1 {
				t.Errorf("%s: %+v", when, st.Total)
			}
		}
		check("as written")
		if err := db.ForgetWritingsForTest(ctx, false); err != nil {
			t.Fatal(err)
		}
		if err := db.ForgetInsightWritingsReadForTest(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.ReadWritingsOnce(ctx); err != nil {
			t.Fatal(err)
		}
		check("read once more")
	})
}

// A database from before the leaders' view is read once when it opens:
// its texts count in the month they were last changed.
func TestReadWritingsOnce(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, ada := asStaff(t, db)
		acme := mustCompany(t, db, "Acme")
		at(t, day("2026-09-20"))
		if err := db.CreateVisit(ctx, &faces.Visit{On: day("2026-09-02"), CompanyID: acme.ID, Kind: "observe", NonSales: true, Notes: "The customer's plant manager walked us through the line.", StaffIDs: []int64{ada.ID}}); err != nil {
			t.Fatal(err)
		}
		p := &faces.Person{Name: "Sam Whitaker"}
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveStory(ctx, &faces.Story{PersonID: p.ID, Card: "Sam fixes the oldest oven by ear."}); err != nil {
			t.Fatal(err)
		}
		if err := db.ForgetWritingsForTest(ctx, true); err != nil {
			t.Fatal(err)
		}
		if err := db.ReadWritingsOnce(ctx); err != nil {
			t.Fatal(err)
		}
		st, err := db.WritingStats(ctx, faces.WritingFilter{From: "2026-09", To: "2026-09"})
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Texts != 2 || st.Total.At[2] != 1 || st.Total.At[3] != 1 {
			t.Errorf("read from the texts held: %+v (kinds %+v)", st.Total, st.Kinds)
		}
		// Once is once.
		if err := db.ForgetWritingsForTest(ctx, false); err != nil {
			t.Fatal(err)
		}
		if err := db.ReadWritingsOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if st, _ := db.WritingStats(ctx, faces.WritingFilter{From: "2026-09", To: "2026-09"}); st.Total.Texts != 0 {
			t.Errorf("read twice: %+v", st.Total)
		}
	})
}

// What we call our customers, and our own names, are settings the lens
// reads every text with: notes that speak of "patients" speak of
// customers once patients are named as ours to serve, and a product named
// as a person is no person once it is named as ours. A review's notes that
// speak of patients alone speak only in the abstract. Texts are read with
// them as they are written; those written before are read again, a batch
// at a time (ReadAgain), each as it is now in the last month it
// counts in, by its author then; the reading once over takes them too.
func TestWritingReadsOurWords(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, _ := asStaff(t, db)
		const notes = "Patients wait three weeks for a slot. Ada flagged the late ones."
		// Notes on a person written in October, and changed in November:
		// October's row keeps what October's version said.
		at(t, day("2026-10-05"))
		p := &faces.Person{Name: "Rosa Lind", Notes: "Prefers calls before noon."}
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		at(t, day("2026-11-03"))
		p.Notes = "Patients ask for the evening slots."
		if err := db.UpdatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		before := &faces.Event{Name: "Clinic day", On: day("2026-11-20"), Notes: notes}
		if err := db.CreateEvent(ctx, before); err != nil {
			t.Fatal(err)
		}
		clinic := &faces.Company{Name: "Harbor Clinic"}
		if err := db.CreateCompany(ctx, clinic); err != nil {
			t.Fatal(err)
		}
		plain := &faces.Review{CompanyID: clinic.ID, Title: "Q4", Notes: "Patients wait three weeks for a slot."}
		if err := db.CreateReview(ctx, plain); err != nil {
			t.Fatal(err)
		}
		if busy, err := db.BeingReadAgain(ctx); err != nil || busy {
			t.Errorf("being read again before any words: %v, %v", busy, err)
		}
		if err := db.SaveStoryCheck(ctx, faces.StoryCheck{OurNames: []string{"Ada"}, CustomerWords: []string{"patients", " ", "patients"}}); err != nil {
			t.Fatal(err)
		}
		if c, _ := db.StoryCheck(ctx); !slices.Equal(c.CustomerWords, []string{"patients"}) || !slices.Equal(c.OurNames, []string{"Ada"}) {
			t.Errorf("the settings: %+v", c)
		}
		if busy, err := db.BeingReadAgain(ctx); err != nil || !busy {
			t.Errorf("not being read again after new words: %v, %v", busy, err)
		}
		after := &faces.Event{Name: "Clinic week", On: day("2026-11-27"), Notes: notes}
		if err := db.CreateEvent(ctx, after); err != nil {
			t.Fatal(err)
		}
		abstract := &faces.Review{CompanyID: clinic.ID, Title: "Q1", Notes: "Patients wait three weeks for a slot."}
		if err := db.CreateReview(ctx, abstract); err != nil {
			t.Fatal(err)
		}
		flags := func(when string, want ...bool) {
			t.Helper()
			for i, r := range []*faces.Review{plain, abstract} {
				if got, err := db.FindReview(ctx, r.ID); err != nil || got.Abstract != want[i] {
					t.Errorf("%s: review %q read as abstract: %v, want %v (%v)", when, r.Title, got.Abstract, want[i], err)
				}
			}
		}
		check := func(when, month, kind string, want faces.WritingRow) {
			t.Helper()
			st, err := db.WritingStats(ctx, faces.WritingFilter{From: month, To: month, Kind: kind})
			if err != nil {
				t.Fatal(err)
			}
			got := st.Total
			got.Key = ""
			if got != want {
				t.Errorf("%s: %s %s %+v, want %+v", when, month, kind, got, want)
			}
			if len(st.Teams) != 1 || st.Teams[0].Texts != want.Texts {
				t.Errorf("%s: %s %s by team %+v: the authors moved", when, month, kind, st.Teams)
			}
		}
		// As written: before the words, the notes named a person (Ada);
		// after, a market (patients) and no one.
		flags("as written", false, true)
		check("as written", "2026-11", faces.WritingEventNotes, faces.WritingRow{Texts: 2, Mentioning: 2, At: [4]int{1, 0, 0, 1}})
		check("as written", "2026-11", faces.WritingPersonNotes, faces.WritingRow{Texts: 1, Mentioning: 0})
		check("as written", "2026-10", faces.WritingPersonNotes, faces.WritingRow{Texts: 1, Mentioning: 0})
		batches := 0
		for left := true; left; batches++ {
			var err error
			if left, err = db.ReadAgain(ctx, 1); err != nil {
				t.Fatal(err)
			}
		}
		if batches < 6 {
			t.Errorf("read again in %d batches of one text", batches)
		}
		if busy, _ := db.BeingReadAgain(ctx); busy {
			t.Error("still being read again after the last batch")
		}
		read := func(when string) {
			t.Helper()
			flags(when, true, true)
			check(when, "2026-11", faces.WritingEventNotes, faces.WritingRow{Texts: 2, Mentioning: 2, At: [4]int{2, 0, 0, 0}})
			check(when, "2026-11", faces.WritingPersonNotes, faces.WritingRow{Texts: 1, Mentioning: 1, At: [4]int{1, 0, 0, 0}})
		}
		read("read again")
		check("read again", "2026-10", faces.WritingPersonNotes, faces.WritingRow{Texts: 1, Mentioning: 0})
		if left, err := db.ReadAgain(ctx, 1); left || err != nil {
			t.Errorf("a batch with nothing to read: %v, %v", left, err)
		}
		// The same settings again read nothing again.
		if err := db.SaveStoryCheck(ctx, faces.StoryCheck{OurNames: []string{"Ada"}, CustomerWords: []string{"patients"}}); err != nil {
			t.Fatal(err)
		}
		if busy, _ := db.BeingReadAgain(ctx); busy {
			t.Error("the same words have the texts read again")
		}
		if err := db.ForgetWritingsForTest(ctx, true); err != nil {
			t.Fatal(err)
		}
		if err := db.ReadWritingsOnce(ctx); err != nil {
			t.Fatal(err)
		}
		read("read once")
	})
}
