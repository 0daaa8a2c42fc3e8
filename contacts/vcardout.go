package contacts

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-vcard"
	"github.com/google/uuid"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/internal/fold"
)

// uidSpace is the namespace of the UIDs Faces gives its people's cards:
// a person's UID is the same in every export.
var uidSpace = uuid.MustParse("5b0c1d3e-6f0a-4c55-9a43-8f2d1c7e9b10")

// PersonUID is the UID of a person's card: "urn:uuid:…", from their id.
func PersonUID(id int64) string {
	return "urn:uuid:" + uuid.NewSHA1(uidSpace, fmt.Appendf(nil, "faces/person/%d", id)).String()
}

// exportedPosition is one entry of a person's role history in Faces'
// X-FACES-POSITION property.
type exportedPosition struct {
	Company  string `json:"company"`
	Title    string `json:"title"`
	Division string `json:"division,omitempty"`
	From     string `json:"from"`         // YYYY-MM-DD
	To       string `json:"to,omitempty"` // YYYY-MM-DD; none for the current position
}

func (e exportedPosition) position() (faces.Position, bool) {
	from, err := time.Parse(time.DateOnly, e.From)
	if err != nil || strings.TrimSpace(e.Company) == "" || strings.TrimSpace(e.Title) == "" {
		return faces.Position{}, false
	}
	p := faces.Position{CompanyName: strings.TrimSpace(e.Company), Title: e.Title, Division: e.Division, From: from}
	if e.To != "" {
		if p.To, err = time.Parse(time.DateOnly, e.To); err != nil {
			return faces.Position{}, false
		}
	}
	return p, true
}

// exportedStory is a person's story in Faces' X-FACES-STORY property.
type exportedStory struct {
	Card     string `json:"card"`
	Body     string `json:"body,omitempty"`
	Source   string `json:"source,omitempty"`
	SourceOf string `json:"source_of,omitempty"`
}

func (e exportedStory) story() *faces.Story {
	if strings.TrimSpace(e.Card) == "" {
		return nil
	}
	return &faces.Story{Card: e.Card, Body: e.Body, Source: e.Source, SourceOf: e.SourceOf}
}

// VCardWriter writes people as vCard 4.0 cards (RFC 6350, with RFC
// 9554's PRONOUNS), encoded by go-vcard, lines folded at 75 octets.
type VCardWriter struct {
	w   *bufio.Writer
	enc *vcard.Encoder
}

// NewVCardWriter writes cards to w; Flush when done.
func NewVCardWriter(w io.Writer) *VCardWriter {
	bw := bufio.NewWriter(w)
	return &VCardWriter{w: bw, enc: vcard.NewEncoder(fold.NewWriter(bw))}
}

// Flush writes out what is buffered.
func (vw *VCardWriter) Flush() error { return vw.w.Flush() }

// Write writes one person's card: what vCard holds in its own properties,
// and their role history and story in Faces' extension (X-FACES-POSITION,
// X-FACES-STORY, RELATED's X-FACES-KIND), which other address books keep
// or ignore.
func (vw *VCardWriter) Write(r *faces.PersonRecord) error {
	p := r.Person
	card := vcard.Card{}
	card.SetValue(vcard.FieldVersion, "4.0")
	card.SetValue(vcard.FieldUID, PersonUID(p.ID))
	card.SetValue(vcard.FieldFormattedName, p.Name)
	card.SetName(splitName(p.Name))
	if p.Pronouns != "" {
		card.SetValue("PRONOUNS", p.Pronouns)
	}
	for _, e := range p.Emails {
		card.AddValue(vcard.FieldEmail, e)
	}
	for _, t := range p.Phones {
		card.AddValue(vcard.FieldTelephone, t)
	}
	for _, a := range p.Addresses {
		card.AddAddress(&vcard.Address{StreetAddress: noSemicolons(a)})
	}
	for _, l := range p.Links {
		card.AddValue(vcard.FieldURL, l)
	}
	if len(p.Tags) > 0 {
		card.SetCategories(p.Tags)
	}
	if p.Notes != "" {
		card.SetValue(vcard.FieldNote, p.Notes)
	}
	if c := p.Current; c != nil {
		org := noSemicolons(c.CompanyName)
		if c.Division != "" {
			org += ";" + noSemicolons(c.Division)
		}
		card.SetValue(vcard.FieldOrganization, org)
		card.SetValue(vcard.FieldTitle, c.Title)
	}
	if len(r.Photo) > 0 {
		card.Set(vcard.FieldPhoto, &vcard.Field{Value: "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(r.Photo)})
	}
	for _, rel := range r.Relationships {
		if rel.FromID != p.ID {
			continue
		}
		f := &vcard.Field{Value: PersonUID(rel.ToID), Params: vcard.Params{}}
		f.Params.Set(ParamKind, string(rel.Kind))
		f.Params.Set(vcard.ParamType, vcard.TypeCoWorker)
		card.Add(vcard.FieldRelated, f)
	}
	for _, pos := range r.Positions {
		e := exportedPosition{Company: pos.CompanyName, Title: pos.Title, Division: pos.Division, From: pos.From.Format(time.DateOnly)}
		if !pos.To.IsZero() {
			e.To = pos.To.Format(time.DateOnly)
		}
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		card.AddValue(PropPosition, string(b))
	}
	if s := r.Story; s != nil && s.Card != "" {
		b, err := json.Marshal(exportedStory{Card: s.Card, Body: s.Body, Source: s.Source, SourceOf: s.SourceOf})
		if err != nil {
			return err
		}
		card.SetValue(PropStory, string(b))
	}
	card.SetRevision(p.UpdatedAt)
	return vw.enc.Encode(card)
}

// splitName makes N of a name: the last word is taken for the family
// name (FN, which Faces reads back, keeps the name as it is).
func splitName(name string) *vcard.Name {
	words := strings.Fields(noSemicolons(name))
	if len(words) < 2 {
		return &vcard.Name{GivenName: strings.Join(words, " ")}
	}
	return &vcard.Name{GivenName: strings.Join(words[:len(words)-1], " "), FamilyName: words[len(words)-1]}
}

// noSemicolons keeps a structured value's part whole: go-vcard does not
// escape the semicolons that separate parts, so a part's own become
// commas.
func noSemicolons(s string) string { return strings.ReplaceAll(s, ";", ",") }
