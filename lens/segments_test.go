package lens

import (
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	text := "Jill runs the night shift at Acme. Customers want labels sooner."
	r := ReadText(text, Known{})
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
		for _, s := range ReadText(tt.text, Known{About: tt.about}).Segments {
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
		for _, s := range ReadText(tt.text, Known{About: tt.about, Name: tt.name}).Segments {
			if s.Level == tt.level.String() {
				got = append(got, s.Text)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q about %q: %s %q, want %q", tt.text, tt.name, tt.level, got, tt.want)
		}
	}
	// A visit's notes name whom it met and who went by first name; what
	// a line gives after a customer's name and a colon is theirs.
	const visit = "- Met Kofi (ops lead) and two pickers\n- Kofi: we lose 20 minutes every morning.\n- We will send a fix.\n- Next: Jo to send pricing\n"
	met := Known{About: AboutACompany, Name: "Northwind Traders", People: []string{"Kofi Mensah"}, Colleagues: []string{"Jo Park"}}
	for _, tt := range []struct {
		name  string
		known Known
		level Level
		want  string
	}{
		{"whom it met", met, Person, "Kofi|Kofi"},
		{"their pickers", met, Role, "lead|pickers"},
		{"a company's pickers", Known{About: AboutACompany}, Role, "lead|pickers"},
		{"pickers of no one", Known{}, Role, ""},
		{"what they said", met, Enterprise, "we"},
		// Not knowing that Jo went, a name in a company's notes is theirs.
		{"not knowing whom", Known{About: AboutACompany}, Person, "Jo"},
		{"the customer's, when both", Known{About: AboutACompany, People: []string{"Kofi Mensah", "Jo Baah"}, Colleagues: []string{"Jo Park"}}, Person, "Kofi|Kofi|Jo"},
	} {
		var got []string
		for _, s := range ReadText(visit, tt.known).Segments {
			if s.Level == tt.level.String() {
				got = append(got, s.Text)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%s: %s %q, want %q", tt.name, tt.level, got, tt.want)
		}
	}
	// In a text about a company, its sites named with "the" or "their"
	// are the company, and titles and job groups are its own.
	for _, tt := range []struct {
		text  string
		about Subject
		level Level
		want  string
	}{
		{"The depot runs two shifts. The plant in Hull uses pagers. Our office is in Leeds. A plant needs power.", AboutACompany, Enterprise, "depot|plant"},
		{"The depot runs two shifts.", AboutAnyone, Enterprise, ""},
		{"Runs the Porto bakery's night shift; cut waste by a third.", AboutAPerson, Enterprise, "bakery's"},
		{"The VP of Ops wants a pilot, and our Head of Sales agrees.", AboutACompany, Role, "VP"},
		{"The VP of Ops wants a pilot.", AboutAnyone, Role, ""},
		{"The operators keep a paper log.", AboutACompany, Role, "operators"},
		{"The operators keep a paper log.", AboutAnyone, Role, ""},
	} {
		var got []string
		for _, s := range ReadText(tt.text, Known{About: tt.about}).Segments {
			if s.Level == tt.level.String() {
				got = append(got, s.Text)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q about %d: %s %q, want %q", tt.text, tt.about, tt.level, got, tt.want)
		}
	}
	if _, ok := MostConcrete("Prefers calls before noon. Do not send her slide decks.", Known{About: AboutAPerson}); !ok {
		t.Error("a person's notes that say only \"her\" speak of no customer")
	}
}

// An account review's notes are flagged when they speak of the company
// only in the abstract; a title is a role of theirs when the lens knows
// the notes are about the company.
func TestOnlyAbstract(t *testing.T) {
	const notes = "The account renews in June. The VP of Ops wants a pilot."
	if !OnlyAbstract("The account renews in June.", Known{About: AboutACompany}) {
		t.Error("notes that say only \"the account\" are not flagged")
	}
	if OnlyAbstract(notes, Known{About: AboutACompany, Name: "Contoso"}) {
		t.Error("notes that name their VP of Ops are flagged")
	}
	if !OnlyAbstract(notes, Known{}) {
		t.Error("read as anyone's text, the VP of Ops is ours and the notes abstract")
	}
	if OnlyAbstract("Renewal in March.", Known{About: AboutACompany}) {
		t.Error("notes that speak of no customer are flagged")
	}
}
