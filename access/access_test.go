package access_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/access"
	"github.com/faces-org/faces/photo"
	"github.com/faces-org/faces/sqlite"
)

// The archive of a subject access request holds everything about the
// person — record, role history, story, consent, relationships, visits,
// insights, the changes — and nothing about anyone else's record.
func TestSubjectAccessArchive(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	staff := &faces.User{Name: "Ada", Email: "ada@faces.example", Role: faces.RoleAdmin, PasswordHash: "x"}
	if err := db.CreateUser(ctx, staff); err != nil {
		t.Fatal(err)
	}
	ctx = faces.NewContextWithActor(ctx, staff.ID)
	acme := &faces.Company{Name: "Acme Logistics"}
	db.CreateCompany(ctx, acme)
	jill := &faces.Person{Name: "Jill Okafor", Emails: []string{"jill@acme.example"}, Addresses: []string{"12 Dock Road, Leeds"}, Notes: "Runs the night shift."}
	bob := &faces.Person{Name: "Bob Stone", Notes: "Bob's own secret note."}
	if err := db.CreatePersonAt(ctx, jill, faces.Move{CompanyID: acme.ID, Title: "Operations Manager", On: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	db.CreatePerson(ctx, bob)
	steps := []error{
		db.SaveStory(ctx, &faces.Story{PersonID: jill.ID, Card: "Keeps 40 trucks moving at night.", Source: "visit"}),
		db.GrantConsent(ctx, &faces.Consent{PersonID: jill.ID, GrantedOn: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Means: "signed form", RecordedBy: staff.ID}),
		db.AddRelationship(ctx, &faces.Relationship{FromID: jill.ID, ToID: bob.ID, Kind: faces.ReportsTo}),
		db.CreateVisit(ctx, &faces.Visit{On: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), CompanyID: acme.ID, Kind: "observe", NonSales: true,
			Notes: "Watched the loading bays at 3 am.", PersonIDs: []int64{jill.ID}, StaffIDs: []int64{staff.ID}}),
		db.CreateInsight(ctx, &faces.Insight{PersonID: jill.ID, Type: "wish", Text: "I wish the labels printed before the trucks arrive.", Verbatim: true, Method: "visit"}),
		db.CreateInsight(ctx, &faces.Insight{PersonID: bob.ID, Type: "wish", Text: "Bob's wish, not Jill's.", Method: "visit"}),
		db.FlagRisk(ctx, &faces.Risk{PersonID: jill.ID, Reason: "Interviewing elsewhere.", Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}),
		db.CreateReview(ctx, &faces.Review{CompanyID: acme.ID, Title: "Q4 review", Answers: []*faces.ReviewAnswer{
			{PersonID: jill.ID, Answer: "Worried the labels slow her shift."}, {PersonID: bob.ID, Answer: "Bob's own review answer."}}}),
		db.CreateEvent(ctx, &faces.Event{Name: "Logistics summit", On: time.Date(2026, 10, 8, 0, 0, 0, 0, time.UTC), Place: "Rotterdam"}),
		db.AddGuest(ctx, 1, jill.ID),
	}
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	var pic bytes.Buffer
	png.Encode(&pic, img)
	processed, err := photo.NewPipeline(photo.DefaultBudget).Process(ctx, &pic)
	if err != nil {
		t.Fatal(err)
	}
	db.SavePhoto(ctx, jill.ID, processed.Hash, processed.Renditions)

	rec, err := access.Collect(ctx, db, jill.ID)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := access.Write(&buf, rec); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		files[f.Name] = string(b)
	}
	if len(files) != 4 || files["photo.jpg"] == "" || !strings.Contains(files["card.vcf"], "FN:Jill Okafor") {
		t.Fatalf("files %v", len(files))
	}
	page := files["index.html"]
	for _, want := range []string{"What Faces holds about Jill Okafor", "12 Dock Road, Leeds", "Operations Manager", "Acme Logistics",
		"Keeps 40 trucks moving at night.", "signed form", "Jill Okafor reports to Bob Stone", "Watched the loading bays at 3 am.",
		"“I wish the labels printed before the trucks arrive.”", "Flagged at risk since 1 November 2026: Interviewing elsewhere.",
		"Worried the labels slow her shift.", "8 October 2026 · Logistics summit, Rotterdam", "create event_guest", "create person (staff #1)", "update story", "update photo", "create consent"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, secret := range []string{"Bob's own secret note.", "Bob's wish", "Bob's own review answer."} {
		if strings.Contains(page, secret) || strings.Contains(files["person.json"], secret) {
			t.Errorf("the archive holds %q, about someone else", secret)
		}
	}
	var back access.Record
	if err := json.Unmarshal([]byte(files["person.json"]), &back); err != nil {
		t.Fatal(err)
	}
	if back.Person.Name != "Jill Okafor" || len(back.Visits) != 1 || len(back.Insights) != 1 || len(back.Consents) != 1 || len(back.Changes) < 6 {
		t.Errorf("person.json: %+v", back)
	}
	if _, err := access.Collect(ctx, db, 9999); faces.ErrorCode(err) != faces.ENOTFOUND {
		t.Errorf("no one: %v", err)
	}
}
