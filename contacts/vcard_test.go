package contacts

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

func readVCards(t *testing.T, v *VCards) ([]*faces.Contact, []faces.LineProblem) {
	t.Helper()
	var got []*faces.Contact
	var problems []faces.LineProblem
	for c, err := range v.Contacts() {
		if p, ok := err.(faces.LineProblem); ok {
			problems = append(problems, p)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c)
	}
	return got, problems
}

func TestReadVCardsOfEachVersion(t *testing.T) {
	f, err := os.Open("testdata/mixed.vcf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v := ReadVCards(f)
	got, problems := readVCards(t, v)
	if len(got) != 4 {
		t.Fatalf("read %d contacts, want 4", len(got))
	}
	if org := got[3]; org.Line != 42 || org.NotAPerson != "The card is of an organization (KIND:org), not a person; not imported." {
		t.Errorf("the company's card read as %+v", *org)
	}
	jill, marco, ana := got[0], got[1], got[2]
	// Version 2.1: bare parameters, quoted-printable in Latin-1 with soft
	// line breaks.
	if jill.Line != 1 || jill.Name != "Jill Okafor" || jill.Company != "Acme Logistics" || jill.Division != "Night Operations" ||
		jill.Title != "Operations Manager" || !slices.Equal(jill.Phones, []string{"+1 555 0100", "+1 555 0101"}) ||
		!slices.Equal(jill.Emails, []string{"jill@acme.example"}) ||
		!slices.Equal(jill.Addresses, []string{"12 Dock Road, Suite 4, Leeds, LS1 4AP, United Kingdom"}) ||
		jill.Notes != "Runs the night shift. Café on the corner; meets at 6." ||
		!slices.Equal(jill.Tags, []string{"champion", "night shift"}) || !slices.Equal(jill.Links, []string{"https://www.acme.example/jill"}) {
		t.Errorf("2.1 card read as %+v", *jill)
	}
	// Version 3.0: escapes, grouped properties, a type list.
	if marco.Line != 19 || marco.Company != "Initech, Inc." || marco.Notes != "Likes long\nmeetings, rarely." || marco.UID != "marco-1" ||
		!slices.Equal(marco.Emails, []string{"marco@initech.example"}) || !slices.Equal(marco.Addresses, []string{"1 Main St, Austin, TX 78701, USA"}) {
		t.Errorf("3.0 card read as %+v", *marco)
	}
	// Version 4.0: pronouns; RELATED at work kept, a spouse not.
	want := []faces.ContactRelation{{Kind: faces.WorksWith, To: "urn:uuid:nobody"}, {Kind: faces.WorksWith, To: "marco-1"}}
	if ana.Pronouns != "she/her" || !slices.Equal(ana.Related, want) {
		t.Errorf("4.0 card read as %+v", *ana)
	}
	wantProblems := []faces.LineProblem{{Line: 47, Reason: "The card has no name (FN or N)."}}
	if !slices.Equal(problems, wantProblems) {
		t.Errorf("problems %q", problems)
	}
	if ig := v.Ignored(); !slices.Equal(ig, []string{"BDAY (1)", "X-ABLABEL (1)"}) {
		t.Errorf("ignored %q", ig)
	}
	if v.Versions["2.1"] != 1 || v.Versions["4.0"] != 1 {
		t.Errorf("versions %v", v.Versions)
	}
}

func TestReadVCardsRefusesBrokenCards(t *testing.T) {
	for name, tc := range map[string]struct {
		file string
		want []faces.LineProblem
		read int
	}{
		"no end before the next": {"BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n",
			[]faces.LineProblem{{Line: 1, Reason: "The card that starts here has no END:VCARD before the next card."}}, 1},
		"stops inside": {"BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n",
			[]faces.LineProblem{{Line: 4, Reason: "The card that starts here has no END:VCARD; the file stops inside it."}}, 1},
		"text between cards": {"BEGIN:VCARD\nFN:A\nEND:VCARD\nhello\n",
			[]faces.LineProblem{{Line: 4, Reason: "Expected BEGIN:VCARD; this is not a vCard line."}}, 1},
		"too large": {"BEGIN:VCARD\nFN:A\nNOTE:" + strings.Repeat("x", MaxCardBytes) + "\nEND:VCARD\nBEGIN:VCARD\nFN:B\nEND:VCARD\n",
			[]faces.LineProblem{{Line: 1, Reason: "The card is larger than 16 MB; not read."}}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			got, problems := readVCards(t, ReadVCards(strings.NewReader(tc.file)))
			if !slices.Equal(problems, tc.want) || len(got) != tc.read {
				t.Errorf("read %d, problems %q; want %d, %q", len(got), problems, tc.read, tc.want)
			}
		})
	}
}

func TestReadVCardPhotos(t *testing.T) {
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3}
	for name, tc := range map[string]struct {
		line string
		want faces.ContactPhoto
	}{
		"4.0 data URI":  {"PHOTO:data:image/jpeg;base64,/9j/4AECAw==", faces.ContactPhoto{Data: jpeg}},
		"3.0 base64":    {"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AECAw==", faces.ContactPhoto{Data: jpeg}},
		"2.1 base64":    {"PHOTO;ENCODING=BASE64;JPEG:\n /9j/4AE\n CAw==\n", faces.ContactPhoto{Data: jpeg}},
		"2.1 bare":      {"PHOTO;JPEG;BASE64:/9j/4AECAw", faces.ContactPhoto{Data: jpeg}},
		"web address":   {"PHOTO;VALUE=uri:https://example.org/jill.jpg", faces.ContactPhoto{URL: "https://example.org/jill.jpg"}},
		"damaged":       {"PHOTO;ENCODING=b:!!!", faces.ContactPhoto{Problem: "The photo's base64 data is damaged."}},
		"somewhere odd": {"PHOTO;VALUE=uri:file:///etc/passwd", faces.ContactPhoto{Problem: "The photo is neither inline data nor a web address."}},
	} {
		t.Run(name, func(t *testing.T) {
			got, problems := readVCards(t, ReadVCards(strings.NewReader("BEGIN:VCARD\nVERSION:3.0\nFN:Jill\n"+tc.line+"\nEND:VCARD\n")))
			if len(got) != 1 || len(problems) > 0 {
				t.Fatalf("read %d, %v", len(got), problems)
			}
			p := got[0].Photo
			if !bytes.Equal(p.Data, tc.want.Data) || p.URL != tc.want.URL || p.Problem != tc.want.Problem {
				t.Errorf("photo %+v, want %+v", p, tc.want)
			}
		})
	}
}

// TestVCardRoundTrip writes a person as Faces exports them and reads the
// card back: what Faces holds comes back the same.
func TestVCardRoundTrip(t *testing.T) {
	from := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	moved := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	p := &faces.Person{ID: 42, Name: "Jill Okafor-Reyes", Pronouns: "she/her", Emails: []string{"jill@acme.example", "j@home.example"},
		Phones: []string{"+44 7700 900461"}, Addresses: []string{"12 Dock Road; Suite 4, Leeds, LS1 4AP"}, Links: []string{"https://acme.example/jill?a=1,2"},
		Tags: []string{"champion", "night shift"}, Notes: "Runs the night shift.\nCafé; meets at 6, sharp: \\o/" + strings.Repeat(" long line", 20),
		Current:   &faces.Position{CompanyName: "Acme Logistics", Division: "Night Operations", Title: "Operations Manager", From: moved.AddDate(0, 0, 1)},
		UpdatedAt: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	rec := &faces.PersonRecord{Person: p,
		Positions: []*faces.Position{
			{CompanyName: "Acme Logistics", Division: "Night Operations", Title: "Operations Manager", From: moved.AddDate(0, 0, 1)},
			{CompanyName: "Initech, Inc.", Title: "Shift lead", From: from, To: moved},
		},
		Story:         &faces.Story{Card: "Keeps 40 trucks moving at night.", Body: "Jill started on the docks;\nnow she runs them.", Source: "visit", SourceOf: "Leeds visit"},
		Relationships: []*faces.Relationship{{FromID: 42, ToID: 7, Kind: faces.ReportsTo}, {FromID: 9, ToID: 42, Kind: faces.IntroducedBy}},
		Photo:         []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 1, 2, 3, 4, 5},
	}
	var buf bytes.Buffer
	w := NewVCardWriter(&buf)
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(buf.String(), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets long: %q", i+1, len(l), l)
		}
	}
	got, problems := readVCards(t, ReadVCards(&buf))
	if len(got) != 1 || len(problems) > 0 {
		t.Fatalf("read back %d, %v:\n%s", len(got), problems, buf.String())
	}
	c := got[0]
	if c.Name != p.Name || c.Pronouns != p.Pronouns || !slices.Equal(c.Emails, p.Emails) || !slices.Equal(c.Phones, p.Phones) ||
		!slices.Equal(c.Links, p.Links) || !slices.Equal(c.Tags, p.Tags) || c.Notes != p.Notes ||
		c.Company != "Acme Logistics" || c.Division != "Night Operations" || c.Title != "Operations Manager" || c.UID != PersonUID(42) {
		t.Errorf("read back %+v", *c)
	}
	// A semicolon inside an address part becomes a comma (go-vcard does
	// not escape it).
	if !slices.Equal(c.Addresses, []string{"12 Dock Road, Suite 4, Leeds, LS1 4AP"}) {
		t.Errorf("addresses %q", c.Addresses)
	}
	if len(c.History) != 2 || c.History[1].CompanyName != "Initech, Inc." || !c.History[1].To.Equal(moved) || !c.History[1].From.Equal(from) ||
		c.History[0].Division != "Night Operations" || !c.History[0].To.IsZero() {
		t.Errorf("history %+v", c.History)
	}
	if c.Story == nil || !reflect.DeepEqual(*c.Story, *rec.Story) {
		t.Errorf("story %+v", c.Story)
	}
	if want := []faces.ContactRelation{{Kind: faces.ReportsTo, To: PersonUID(7)}}; !slices.Equal(c.Related, want) {
		t.Errorf("related %+v", c.Related)
	}
	if !bytes.Equal(c.Photo.Data, rec.Photo) {
		t.Errorf("photo %v", c.Photo)
	}
}

// FuzzReadVCards: any input is read without panicking, and every contact
// read has a name and a line.
func FuzzReadVCards(f *testing.F) {
	if b, err := os.ReadFile("testdata/mixed.vcf"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("BEGIN:VCARD\nVERSION:2.1\nNOTE;QUOTED-PRINTABLE:a=\n=3D\nPHOTO;BASE64:\n AAAA\n\nEND:VCARD\n"))
	f.Add([]byte("BEGIN:VCARD\nFN;X=\"a:b\";Y=\"c;d\":Al\nADR:;;\\;;;\nRELATED;X-FACES-KIND=reports_to:\nEND:VCARD"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for c, err := range ReadVCards(bytes.NewReader(data)).Contacts() {
			if err == nil && c.NotAPerson == "" && (c.Name == "" || c.Line < 1) {
				t.Fatalf("a contact without a name or line: %+v", c)
			}
		}
	})
}
