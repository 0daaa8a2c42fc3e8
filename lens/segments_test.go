package lens

import (
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	text := "Jill runs the night shift at Acme. Customers want labels sooner."
	r := ReadText(text, AboutAnyone)
	var joined strings.Builder
	marked := map[string]string{}
	for _, s := range r.Segments {
		joined.WriteString(s.Text)
		if s.Level != "" {
			marked[s.Text] = s.Level
		}
	}
	if joined.String() != text {
		t.Errorf("the segments do not make the text again: %q", joined.String())
	}
	if marked["Jill"] != "person" || marked["Customers"] != "market" || r.Counts[Person] == 0 || r.Counts[Market] == 0 {
		t.Errorf("marked %v, counts %v", marked, r.Counts)
	}
}

// A person's notes are about that person, and a company's story about
// that company: a pronoun with no one before it points to them there, and
// to no one in a text of any kind.
func TestTextsAboutOneCustomer(t *testing.T) {
	const notes = "Met Sofia at the Lisbon meetup.\n\nPrefers calls before noon.\n\nDo not send her slide decks; she reads one-page summaries.\n"
	const story = "Founded in 1952 as a dairy cooperative.\n\nToday they run two plants and sixty trucks.\n"
	const described = "A family-owned food manufacturer with four plants.\n\nToday they run sixty trucks.\n"
	tests := []struct {
		text  string
		about Subject
		level Level
		want  string
	}{
		{notes, AboutAPerson, Person, "Sofia|her|she"},
		{notes, AboutAnyone, Person, "Sofia"},
		{story, AboutACompany, Enterprise, "they"},
		{story, AboutAnyone, Enterprise, ""},
		{story, AboutAPerson, Enterprise, ""},
		{described, AboutACompany, Enterprise, "manufacturer|they"},
		{described, AboutAnyone, Market, "manufacturer|they"},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range ReadText(tt.text, tt.about).Segments {
			if s.Level == tt.level.String() {
				got = append(got, s.Text)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q about %d: %s %q, want %q", tt.text, tt.about, tt.level, got, tt.want)
		}
	}
	for _, tt := range []struct {
		text, name string
		about      Subject
		level      Level
		want       string
	}{
		{"Northwind renews in June. The account is quiet.", "Northwind Traders", AboutACompany, Enterprise, "Northwind|account"},
		{"Northwind renews in June. The account is quiet.", "", AboutACompany, Enterprise, "account"},
		{"The Home Depot opens a store in Leeds.", "The Home Depot", AboutACompany, Enterprise, "Home"},
		{"Lopez prefers calls before noon.", "Rosa Lopez", AboutAPerson, Person, "Lopez"},
		{"Lopez prefers calls before noon.", "", AboutAPerson, Person, ""},
		{"Acme ships on Fridays.", "Acme", AboutACompany, Enterprise, "Acme"},
	} {
		var got []string
		for _, s := range ReadText(tt.text, tt.about, tt.name).Segments {
			if s.Level == tt.level.String() {
				got = append(got, s.Text)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q about %q: %s %q, want %q", tt.text, tt.name, tt.level, got, tt.want)
		}
	}
	if _, ok := MostConcrete("Prefers calls before noon. Do not send her slide decks.", AboutAPerson); !ok {
		t.Error("a person's notes that say only \"her\" speak of no customer")
	}
}
