package sqlstore_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"path/filepath"
	"slices"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/contacts"
	"github.com/faces-org/faces/photo"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// records reads every person's record, by name.
func records(t *testing.T, db *sqlstore.DB) map[string]*faces.PersonRecord {
	t.Helper()
	out := map[string]*faces.PersonRecord{}
	if err := db.EachPersonRecord(context.Background(), faces.RecordFilter{Photos: true}, func(r *faces.PersonRecord) error {
		out[r.Person.Name] = r
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func exportVCards(t *testing.T, db *sqlstore.DB) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	w := contacts.NewVCardWriter(&buf)
	if err := db.EachPersonRecord(context.Background(), faces.RecordFilter{Photos: true}, w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func importVCards(t *testing.T, db *sqlstore.DB, file []byte) *faces.ImportReport {
	t.Helper()
	ctx := faces.NewContextWithActor(context.Background(), 0)
	taker := &contacts.PhotoTaker{Pipeline: photo.NewPipeline(photo.DefaultBudget), Fetcher: &contacts.Fetcher{}}
	rep, err := db.ImportContacts(ctx, taker.Take(ctx, contacts.ReadVCards(bytes.NewReader(file)).Contacts()), faces.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestVCardExportReimports exports people as vCards from one database and
// imports them into the other kind: everything a card holds comes back —
// role history, story, relationship and portrait included — and a second
// import of the same file changes nothing.
func TestVCardExportReimports(t *testing.T) {
	forEachDB(t, func(t *testing.T, src *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 0)
		acme, initech := mustCompany(t, src, "Acme Logistics"), mustCompany(t, src, "Initech, Inc.")
		jill := &faces.Person{Name: "Jill Okafor", Pronouns: "she/her", Emails: []string{"jill@acme.example"}, Phones: []string{"+44 7700 900461"},
			Addresses: []string{"12 Dock Road, Leeds LS1 4AP"}, Links: []string{"https://acme.example/jill"}, Tags: []string{"champion", "night shift"},
			Notes: "Runs the night shift.\nCafé on the corner."}
		if err := src.CreatePersonAt(ctx, jill, faces.Move{CompanyID: initech.ID, Title: "Shift lead", On: day("2021-03-01")}); err != nil {
			t.Fatal(err)
		}
		if _, err := src.MovePerson(ctx, jill.ID, faces.Move{CompanyID: acme.ID, Title: "Operations Manager", Division: "Night", On: day("2024-07-01")}); err != nil {
			t.Fatal(err)
		}
		marco := &faces.Person{Name: "Marco Ruiz", Emails: []string{"marco@initech.example"}}
		if err := src.CreatePersonAt(ctx, marco, faces.Move{CompanyID: initech.ID, Title: "Buyer", On: day("2022-01-01")}); err != nil {
			t.Fatal(err)
		}
		nobody := &faces.Person{Name: "Ana Lima"} // no email, no company
		if err := src.CreatePerson(ctx, nobody); err != nil {
			t.Fatal(err)
		}
		if err := src.SaveStory(ctx, &faces.Story{PersonID: jill.ID, Card: "Keeps 40 trucks moving at night.", Body: "Started on the docks.", Source: "visit"}); err != nil {
			t.Fatal(err)
		}
		if err := src.AddRelationship(ctx, &faces.Relationship{FromID: jill.ID, ToID: marco.ID, Kind: faces.ReportsTo}); err != nil {
			t.Fatal(err)
		}
		if err := src.AddRelationship(ctx, &faces.Relationship{FromID: nobody.ID, ToID: jill.ID, Kind: faces.IntroducedBy}); err != nil {
			t.Fatal(err)
		}
		img := image.NewRGBA(image.Rect(0, 0, 200, 240))
		for i := range img.Pix {
			img.Pix[i] = byte(i * 7)
		}
		var pngBytes bytes.Buffer
		png.Encode(&pngBytes, img)
		processed, err := photo.NewPipeline(photo.DefaultBudget).Process(ctx, &pngBytes)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.SavePhoto(ctx, jill.ID, processed.Hash, processed.Renditions); err != nil {
			t.Fatal(err)
		}

		file := exportVCards(t, src).Bytes()
		var dst *sqlstore.DB
		if t.Name() == "TestVCardExportReimports/sqlite" {
			dst = postgrestest.Open(t)
		} else {
			dst, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "faces.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
		}
		rep := importVCards(t, dst, file)
		if rep.Read != 3 || rep.Created != 3 || rep.Photos != 1 || rep.Linked != 2 || rep.Companies != 2 || len(rep.ForAHuman) > 0 || len(rep.PhotoProblems) > 0 {
			t.Fatalf("report %+v", rep)
		}
		want, got := records(t, src), records(t, dst)
		for name, w := range want {
			g := got[name]
			if g == nil {
				t.Fatalf("%s did not come across", name)
			}
			wp, gp := w.Person, g.Person
			if wp.Pronouns != gp.Pronouns || !slices.Equal(wp.Emails, gp.Emails) || !slices.Equal(wp.Phones, gp.Phones) ||
				!slices.Equal(wp.Addresses, gp.Addresses) || !slices.Equal(wp.Links, gp.Links) || !slices.Equal(wp.Tags, gp.Tags) || wp.Notes != gp.Notes {
				t.Errorf("%s came across as %+v, was %+v", name, gp, wp)
			}
			if len(w.Positions) != len(g.Positions) {
				t.Fatalf("%s: %d positions, was %d", name, len(g.Positions), len(w.Positions))
			}
			for i, wpos := range w.Positions {
				gpos := g.Positions[i]
				if gpos.CompanyName != wpos.CompanyName || gpos.Title != wpos.Title || gpos.Division != wpos.Division ||
					!gpos.From.Equal(wpos.From) || !gpos.To.Equal(wpos.To) {
					t.Errorf("%s: position %+v, was %+v", name, gpos, wpos)
				}
			}
			if (w.Story == nil) != (g.Story == nil) || w.Story != nil && (w.Story.Card != g.Story.Card || w.Story.Body != g.Story.Body || w.Story.Source != g.Story.Source) {
				t.Errorf("%s: story %+v, was %+v", name, g.Story, w.Story)
			}
			if (len(w.Photo) > 0) != (len(g.Photo) > 0) {
				t.Errorf("%s: photo %d bytes, was %d", name, len(g.Photo), len(w.Photo))
			}
			wording := func(rs []*faces.Relationship) []string {
				var out []string
				for _, r := range rs {
					out = append(out, r.FromName+" "+r.Kind.Wording(false)+" "+r.ToName)
				}
				slices.Sort(out)
				return out
			}
			if !slices.Equal(wording(w.Relationships), wording(g.Relationships)) {
				t.Errorf("%s: relationships %q, were %q", name, wording(g.Relationships), wording(w.Relationships))
			}
		}
		if got["Jill Okafor"].Person.Current == nil || got["Jill Okafor"].Person.Current.CompanyName != "Acme Logistics" {
			t.Errorf("Jill's current position %+v", got["Jill Okafor"].Person.Current)
		}

		again := importVCards(t, dst, file)
		if again.Created != 0 || again.Unchanged != 3 || again.Linked != 0 || again.Photos != 0 || again.Companies != 0 {
			t.Errorf("second import %+v", again)
		}
		if n := countPeople(t, dst); n != 3 {
			t.Errorf("%d people after the second import", n)
		}
	})
}
