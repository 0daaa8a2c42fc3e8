package sqlstore_test

import (
	"context"
	"iter"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// contactsOf yields the contacts, and a problem for each nil one (as a
// reader does for a line it cannot read).
func contactsOf(list ...*faces.Contact) iter.Seq2[*faces.Contact, error] {
	return func(yield func(*faces.Contact, error) bool) {
		for i, c := range list {
			if c == nil {
				if !yield(nil, faces.LineProblem{Line: i + 2, Reason: "unreadable"}) {
					return
				}
				continue
			}
			if c.Line == 0 {
				c.Line = i + 2
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

func countPeople(t *testing.T, db *sqlstore.DB) int {
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM people`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An import matches people by e-mail, then by name and company, then by
// name and former company; creates the others at their companies; and
// adds what the file knows without overwriting.
func TestImportMatches(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		acme, globex := mustCompany(t, db, "Acme"), mustCompany(t, db, "Globex")
		jill := &faces.Person{Name: "Jill Okafor", Emails: []string{"Jill@Acme.example"}, Notes: "Runs the night shift."}
		bob := &faces.Person{Name: "Bob Stone"}
		moved := &faces.Person{Name: "Ann Lee"}
		for _, p := range []*faces.Person{jill, bob, moved} {
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		db.MovePerson(ctx, bob.ID, faces.Move{CompanyID: acme.ID, Title: "CFO", On: day("2024-01-01")})
		db.MovePerson(ctx, moved.ID, faces.Move{CompanyID: acme.ID, Title: "Buyer", On: day("2024-01-01")})
		db.MovePerson(ctx, moved.ID, faces.Move{CompanyID: globex.ID, Title: "Head of Buying", On: day("2025-01-01")})
		before := countPeople(t, db)

		rep, err := db.ImportContacts(ctx, contactsOf(
			&faces.Contact{Name: "J. Okafor", Emails: []string{"jill@acme.example"}, Phones: []string{"+1 555 0100"}, Notes: "Other notes."},
			&faces.Contact{Name: "Bob Stone", Emails: []string{"bob@acme.example"}, Company: "Acme", Title: "CFO"},
			&faces.Contact{Name: "Ann Lee", Company: "Acme", Title: "Buyer", Tags: []string{"champion"}},
			&faces.Contact{Name: "Cy Dee", Emails: []string{"cy@initech.example"}, Company: "Initech", Title: "CTO"},
			&faces.Contact{Name: "Cy Dee", Emails: []string{"CY@initech.example"}, Phones: []string{"555-0104"}},
			&faces.Contact{Name: "Di Eve", Company: "initech", Title: "Analyst"},
		), faces.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Read != 6 || rep.Created != 2 || rep.Companies != 1 || rep.Updated != 4 || rep.Unchanged != 0 ||
			rep.MatchedBy[faces.MatchEmail] != 2 || rep.MatchedBy[faces.MatchNameCompany] != 1 || rep.MatchedBy[faces.MatchNameFormerCompany] != 1 {
			t.Errorf("report %+v", rep)
		}
		if got := countPeople(t, db); got != before+2 {
			t.Errorf("%d people, want %d", got, before+2)
		}
		j, _ := db.FindPersonByID(ctx, jill.ID)
		if j.Name != "Jill Okafor" || j.Notes != "Runs the night shift." || len(j.Emails) != 1 || len(j.Phones) != 1 {
			t.Errorf("Jill after the import: %+v", j)
		}
		a, _ := db.FindPersonByID(ctx, moved.ID)
		if a.Current == nil || a.Current.CompanyID != globex.ID || len(a.Tags) != 1 {
			t.Errorf("Ann, who moved, after the import: %+v %+v", a, a.Current)
		}
		// Found by search, at the company the import created.
		found, err := db.Search(ctx, "initech", 10)
		if err != nil || len(found.People) != 2 {
			t.Fatalf("search for the new company's people: %+v %v", found, err)
		}
		for _, p := range found.People {
			if p.Current == nil || p.Current.CompanyName != "Initech" {
				t.Errorf("%s at %+v, want Initech (any case in the file)", p.Name, p.Current)
			}
			if p.Name == "Cy Dee" && (len(p.Phones) != 1 || len(p.Emails) != 1) {
				t.Errorf("Cy Dee, twice in the file, once in Faces: %+v", p)
			}
		}
		// The same file again: nothing new.
		rep, err = db.ImportContacts(ctx, contactsOf(&faces.Contact{Name: "Bob Stone", Emails: []string{"bob@acme.example"}, Company: "Acme", Title: "CFO"}), faces.ImportOptions{})
		if err != nil || rep.Unchanged != 1 || rep.Created != 0 {
			t.Errorf("again: %+v %v", rep, err)
		}
	})
}

// An import completes or changes nothing: an invalid contact stops it
// with its line; a dry run and a cancelled import change nothing; with
// SkipInvalid the others go in and each skipped line is reported.
func TestImportAllOrNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		file := func() iter.Seq2[*faces.Contact, error] {
			return contactsOf(
				&faces.Contact{Name: "Al Bo", Company: "Acme", Title: "CFO"},
				&faces.Contact{Name: "Cy Dee", Emails: []string{"not-an-email"}},
				nil,
				&faces.Contact{Name: "Ed Fay", Emails: []string{"ed@x.example"}},
			)
		}
		var audit0 int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&audit0)
		_, err := db.ImportContacts(ctx, file(), faces.ImportOptions{})
		if faces.ErrorCode(err) != faces.EINVALID || !strings.Contains(faces.ErrorMessage(err), "Line 3: “not-an-email” is not an email address. Nothing was imported.") {
			t.Errorf("invalid contact: %v", err)
		}
		var companies, audit int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM companies`).Scan(&companies)
		db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&audit)
		if countPeople(t, db) != 0 || companies != 0 || audit != audit0 {
			t.Errorf("a failed import left %d people, %d companies, %d audit entries", countPeople(t, db), companies, audit-audit0)
		}
		rep, err := db.ImportContacts(ctx, file(), faces.ImportOptions{DryRun: true, SkipInvalid: true})
		if err != nil || rep.Created != 2 || len(rep.Skipped) != 2 || countPeople(t, db) != 0 {
			t.Errorf("dry run: %+v %v, %d people", rep, err, countPeople(t, db))
		}
		cancelled, cancel := context.WithCancel(ctx)
		stopping := func(yield func(*faces.Contact, error) bool) {
			for c, err := range file() {
				if c != nil && c.Name == "Ed Fay" {
					cancel()
				}
				if !yield(c, err) {
					return
				}
			}
		}
		if _, err := db.ImportContacts(cancelled, stopping, faces.ImportOptions{SkipInvalid: true}); err == nil || countPeople(t, db) != 0 {
			t.Errorf("cancelled: %v, %d people", err, countPeople(t, db))
		}
		rep, err = db.ImportContacts(ctx, file(), faces.ImportOptions{SkipInvalid: true})
		if err != nil || rep.Created != 2 || countPeople(t, db) != 2 || len(rep.Skipped) != 2 ||
			rep.Skipped[0] != (faces.LineProblem{Line: 3, Reason: "“not-an-email” is not an email address."}) || rep.Skipped[1].Line != 4 {
			t.Errorf("skipping: %+v %v", rep, err)
		}
		// Each new person is audited, with their first position.
		var creates, moves int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'create'`).Scan(&creates)
		db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'move'`).Scan(&moves)
		if creates != 2 || moves != 1 {
			t.Errorf("audit: %d creates, %d moves", creates, moves)
		}
	})
}

// An erased person's e-mail met again is left for a human, never brought
// back silently — whether they were erased at once or left the trash.
func TestImportDoesNotBringBackTheErased(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		gone := &faces.Person{Name: "Gone Person", Emails: []string{"gone@x.example"}}
		trashed := &faces.Person{Name: "Trashed Person", Emails: []string{"trashed@x.example"}}
		db.CreatePerson(ctx, gone)
		db.CreatePerson(ctx, trashed)
		if err := db.ErasePerson(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeletePerson(ctx, trashed.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EmptyTrash(ctx, faces.Now().Add(1e9)); err != nil {
			t.Fatal(err)
		}
		rep, err := db.ImportContacts(ctx, contactsOf(
			&faces.Contact{Name: "Gone Person", Emails: []string{"GONE@x.example"}},
			&faces.Contact{Name: "T. Person", Emails: []string{"trashed@x.example"}},
			&faces.Contact{Name: "New Person", Emails: []string{"new@x.example"}},
		), faces.ImportOptions{})
		if err != nil || rep.Created != 1 || len(rep.ForAHuman) != 2 || !strings.Contains(rep.ForAHuman[0].Reason, "erased") {
			t.Errorf("%+v %v", rep, err)
		}
		// Nothing of the address itself is kept.
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM erased_emails WHERE hash LIKE '%gone%'`).Scan(&n)
		if n != 0 {
			t.Error("the erased address is kept in the clear")
		}
	})
}
