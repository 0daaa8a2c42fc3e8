package sqlstore_test

import (
	"context"
	"fmt"
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

// Contacts are taken in groups, their new people written a group at a
// time: a contact that is someone met earlier in the file — in its own
// group, still waiting to be written, or in an earlier one — or someone
// an earlier contact of its group was merged into, is still matched, and
// every new person has their addresses, tags, position, audit entries
// and search entry, as CreatePerson and MovePerson give them.
func TestImportInGroups(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		known := &faces.Person{Name: "Known Person", Emails: []string{"known@old.example"}}
		if err := db.CreatePerson(ctx, known); err != nil {
			t.Fatal(err)
		}
		var file []*faces.Contact
		for i := range 1200 {
			file = append(file, &faces.Contact{Name: fmt.Sprintf("Person %04d", i), Emails: []string{fmt.Sprintf("p%d@x.example", i)},
				Company: fmt.Sprintf("Company %d", i/40), Title: "Buyer", Tags: []string{"Ops", "ops"}})
		}
		file = append(file,
			// The same address as a contact waiting in this group, and as
			// one written in an earlier group.
			&faces.Contact{Name: "P. 1199", Emails: []string{"P1199@x.example"}, Phones: []string{"+1 555 0199"}},
			&faces.Contact{Name: "P. 0003", Emails: []string{"p3@x.example"}, Phones: []string{"+1 555 0103"}},
			// The same name at the same new company, no address: twice.
			&faces.Contact{Name: "No Address", Company: "Fresh Co", Title: "CFO"},
			&faces.Contact{Name: "No Address", Company: "fresh co", Title: "CFO", Tags: []string{"finance"}},
			// Nothing but a name, twice.
			&faces.Contact{Name: "Only A Name"},
			&faces.Contact{Name: "Only A Name", Notes: "Met at the fair."},
			// Merged into someone known, who is given a second address and
			// a company; then met by that address, and by name there.
			&faces.Contact{Name: "Known Person", Emails: []string{"known@old.example", "known@new.example"}, Company: "Newco", Title: "CTO"},
			&faces.Contact{Name: "K. Person", Emails: []string{"known@new.example"}, Phones: []string{"+1 555 0111"}},
			&faces.Contact{Name: "Known Person", Company: "Newco", Title: "CTO", Links: []string{"https://known.example"}},
		)
		rep, err := db.ImportContacts(ctx, contactsOf(file...), faces.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Read != 1209 || rep.Created != 1202 || rep.Companies != 32 || rep.Updated != 7 || len(rep.ForAHuman) != 0 ||
			rep.MatchedBy[faces.MatchEmail] != 4 || rep.MatchedBy[faces.MatchNameCompany] != 2 || rep.MatchedBy[faces.MatchNameAlone] != 1 {
			t.Errorf("report %+v", rep)
		}
		if got := countPeople(t, db); got != 1203 {
			t.Errorf("%d people, want 1203", got)
		}
		count := func(query string, args ...any) int {
			var n int
			if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, c := range []struct {
			what  string
			query string
			want  int
		}{
			{"addresses", `SELECT COUNT(*) FROM person_emails`, 1202},
			{"tags", `SELECT COUNT(*) FROM person_tags`, 1201},
			{"current positions", `SELECT COUNT(*) FROM positions WHERE to_day IS NULL`, 1202},
			{"people at their current company", `SELECT COUNT(*) FROM people p JOIN positions po ON po.person_id = p.id AND po.to_day IS NULL WHERE p.current_company_id = po.company_id`, 1202},
			{"creations audited", `SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'create'`, 1203},
			{"moves audited", `SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'move'`, 1202},
			{"companies audited", `SELECT COUNT(*) FROM audit_log WHERE entity = 'company' AND action = 'create'`, 32},
		} {
			if got := count(c.query); got != c.want {
				t.Errorf("%s: %d, want %d", c.what, got, c.want)
			}
		}
		k, err := db.FindPersonByID(ctx, known.ID)
		if err != nil || len(k.Emails) != 2 || len(k.Phones) != 1 || len(k.Links) != 1 || k.Current == nil || k.Current.CompanyName != "Newco" {
			t.Errorf("the known person after the import: %+v %v", k, err)
		}
		p, err := db.FindPersonByID(ctx, known.ID+1)
		if err != nil || p.Name != "Person 0000" || p.Current == nil || p.Current.Title != "Buyer" || p.Current.CompanyName != "Company 0" {
			t.Errorf("the first new person: %+v %+v %v", p, p.Current, err)
		}
		// In the search index: the people, with the companies the import
		// made and the phone a later contact gave them, and the companies.
		for q, want := range map[string]int{"person 0003": 1, "15550103": 1, "company 29": 40, "fresh co": 1, "finance": 1, "15550111": 1} {
			found, err := db.Search(ctx, q, 50)
			if err != nil || len(found.People) != want {
				t.Errorf("search %q: %d people, want %d (%v)", q, len(found.People), want, err)
			}
		}
		found, err := db.Search(ctx, "newco", 10)
		if err != nil || len(found.Companies) != 1 || len(found.People) != 1 {
			t.Errorf("search for a company the import made: %+v %v", found, err)
		}
		// The ids the import took are taken: the next person and position
		// made the usual way get new ones.
		later := &faces.Person{Name: "Later Person"}
		if err := db.CreatePerson(ctx, later); err != nil || later.ID <= known.ID+1202 {
			t.Errorf("a person made after the import: id %d, %v", later.ID, err)
		}
		if _, err := db.MovePerson(ctx, later.ID, faces.Move{CompanyID: k.Current.CompanyID, Title: "Analyst", On: day("2026-01-01")}); err != nil {
			t.Errorf("a position made after the import: %v", err)
		}
	})
}
