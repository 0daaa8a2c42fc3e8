// Package access answers a subject access request: everything Faces
// holds about one person, as one ZIP archive with a page to read
// (index.html), the machine-readable records (person.json), their card
// (card.vcf) and their portrait (photo.jpg).
package access

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"embed"
	"encoding/json"
	"html/template"
	"io"
	"slices"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/contacts"
)

// Store is what the archive is read from.
type Store interface {
	faces.ExportService
	Consents(ctx context.Context, personID int64) ([]*faces.Consent, error)
	BuyingRolesOf(ctx context.Context, personID int64) ([]*faces.BuyingRole, error)
	FindVisits(ctx context.Context, f faces.VisitFilter) ([]*faces.Visit, int, error)
	FindInsights(ctx context.Context, f faces.InsightFilter) ([]*faces.Insight, error)
	FindAuditEntries(ctx context.Context, f faces.AuditFilter) ([]*faces.AuditEntry, int, error)
	OpenRisks(ctx context.Context, personID, companyID int64) ([]*faces.Risk, error)
	AnswersAbout(ctx context.Context, personID int64) ([]*faces.ReviewAnswer, error)
	EventsOf(ctx context.Context, personID int64, limit int) ([]*faces.Event, error)
}

// Record is everything Faces holds about a person.
type Record struct {
	Generated   time.Time
	Person      *faces.Person
	Positions   []*faces.Position
	Story       *faces.Story
	Consents    []*faces.Consent
	Related     []*faces.Relationship
	BuyingRoles []*faces.BuyingRole
	Visits      []*faces.Visit
	Insights    []*faces.Insight
	Risks       []*faces.Risk         // at-risk flags that hold on them
	Reviewed    []*faces.ReviewAnswer // what account reviews said they were thinking
	Events      []*faces.Event        // events they were a guest at (the latest thousand)
	// Changes are the audit trail's entries about them: their record,
	// photo, story, consent, relationships, buying roles, who follows
	// them, their place on the wall.
	Changes []*faces.AuditEntry
	Photo   []byte `json:"-"`
}

// pageSize is how many visits or audit entries are read at a time.
const pageSize = 500

// Collect reads everything about a person.
func Collect(ctx context.Context, s Store, personID int64) (*Record, error) {
	rec := &Record{Generated: faces.Now().UTC()}
	var card *faces.PersonRecord
	if err := s.EachPersonRecord(ctx, faces.RecordFilter{IDs: []int64{personID}, Photos: true}, func(r *faces.PersonRecord) error {
		card = r
		return nil
	}); err != nil {
		return nil, err
	}
	if card == nil {
		return nil, faces.Errorf(faces.ENOTFOUND, "Person not found.")
	}
	rec.Person, rec.Positions, rec.Story, rec.Related, rec.Photo = card.Person, card.Positions, card.Story, card.Relationships, card.Photo
	var err error
	if rec.Consents, err = s.Consents(ctx, personID); err != nil {
		return nil, err
	}
	if rec.BuyingRoles, err = s.BuyingRolesOf(ctx, personID); err != nil {
		return nil, err
	}
	if rec.Insights, err = s.FindInsights(ctx, faces.InsightFilter{PersonID: personID, Limit: 1000}); err != nil {
		return nil, err
	}
	if rec.Risks, err = s.OpenRisks(ctx, personID, 0); err != nil {
		return nil, err
	}
	if rec.Reviewed, err = s.AnswersAbout(ctx, personID); err != nil {
		return nil, err
	}
	if rec.Events, err = s.EventsOf(ctx, personID, 1000); err != nil {
		return nil, err
	}
	for f := (faces.VisitFilter{PersonID: personID, Limit: pageSize}); ; {
		visits, _, err := s.FindVisits(ctx, f)
		if err != nil {
			return nil, err
		}
		rec.Visits = append(rec.Visits, visits...)
		if len(visits) < pageSize {
			break
		}
		last := visits[len(visits)-1]
		c := faces.DayCursor(last.On, last.ID)
		f.Before = &c
	}
	for _, entity := range faces.PersonAuditEntities {
		for f := (faces.AuditFilter{Entity: entity, EntityID: personID, Limit: pageSize}); ; {
			entries, _, err := s.FindAuditEntries(ctx, f)
			if err != nil {
				return nil, err
			}
			rec.Changes = append(rec.Changes, entries...)
			if len(entries) < pageSize {
				break
			}
			f.Before = entries[len(entries)-1].ID
		}
	}
	slices.SortFunc(rec.Changes, func(a, b *faces.AuditEntry) int { return cmp.Compare(b.ID, a.ID) }) // the latest first
	return rec, nil
}

//go:embed page.html
var pageFS embed.FS

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"day":  func(t time.Time) string { return t.Format("2 January 2006") },
	"when": func(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 UTC") },
	"text": func(b json.RawMessage) string { return string(b) },
}).ParseFS(pageFS, "page.html"))

// Write writes the archive as a ZIP file.
func Write(w io.Writer, rec *Record) error {
	z := zip.NewWriter(w)
	add := func(name string, write func(io.Writer) error) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: rec.Generated})
		if err != nil {
			return err
		}
		return write(f)
	}
	if err := add("index.html", func(w io.Writer) error { return page.Execute(w, rec) }); err != nil {
		return err
	}
	if err := add("person.json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rec)
	}); err != nil {
		return err
	}
	if err := add("card.vcf", func(w io.Writer) error {
		vw := contacts.NewVCardWriter(w)
		if err := vw.Write(&faces.PersonRecord{Person: rec.Person, Positions: rec.Positions, Story: rec.Story, Relationships: rec.Related, Photo: rec.Photo}); err != nil {
			return err
		}
		return vw.Flush()
	}); err != nil {
		return err
	}
	if len(rec.Photo) > 0 {
		if err := add("photo.jpg", func(w io.Writer) error { _, err := io.Copy(w, bytes.NewReader(rec.Photo)); return err }); err != nil {
			return err
		}
	}
	return z.Close()
}
