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
// to no one in a text of any kind. Faces also knows their names, and
// whom a visit met and who went.
func TestTextsAboutOneCustomer(t *testing.T) {
	const notes = "Met Sofia at the Lisbon meetup.\n\nPrefers calls before noon.\n\nDo not send her slide decks; she reads one-page summaries.\n"
	const story = "Founded in 1952 as a dairy cooperative.\n\nToday they run two plants and sixty trucks.\n"
	const described = "A family-owned food manufacturer with four plants.\n\nToday they run sixty trucks.\n"
	const renews = "Northwind renews in June. The account is quiet."
	// A visit's notes name whom it met and who went by first name; what
	// a line gives after a customer's name and a colon is theirs.
	const visit = "- Met Kofi (ops lead) and two pickers\n- Kofi: we lose 20 minutes every morning.\n- We will send a fix.\n- Next: Jo to send pricing\n"
	person, company := Known{About: AboutAPerson}, Known{About: AboutACompany}
	met := Known{About: AboutACompany, Name: "Northwind Traders", People: []string{"Kofi Mensah"}, Colleagues: []string{"Jo Park"}}
	tests := []struct {
		text  string
		known Known
		level Level
		want  string
	}{
		{notes, person, Person, "Sofia|her|she"},
		{notes, Known{}, Person, "Sofia"},
		{story, company, Enterprise, "they"},
		{story, Known{}, Enterprise, ""},
		{story, person, Enterprise, ""},
		{described, company, Enterprise, "manufacturer|they"},
		{described, Known{}, Market, "manufacturer|they"},

		// Their names.
		{renews, Known{About: AboutACompany, Name: "Northwind Traders"}, Enterprise, "Northwind|account"},
		{renews, company, Enterprise, "account"},
		{"The Home Depot opens a store in Leeds.", Known{About: AboutACompany, Name: "The Home Depot"}, Enterprise, "Home"},
		{"Lopez prefers calls before noon.", Known{About: AboutAPerson, Name: "Rosa Lopez"}, Person, "Lopez"},
		{"Lopez prefers calls before noon.", person, Person, ""},
		{"Acme ships on Fridays.", Known{About: AboutACompany, Name: "Acme"}, Enterprise, "Acme"},

		// Whom a visit met and who went.
		{visit, met, Person, "Kofi|Kofi"},
		{visit, met, Role, "lead|pickers"},
		{visit, company, Role, "lead|pickers"},
		{visit, Known{}, Role, ""},
		{visit, met, Enterprise, "we"},
		// Not knowing that Jo went, a name in a company's notes is theirs;
		// a first name of both sides is the customer's.
		{visit, company, Person, "Jo"},
		{visit, Known{About: AboutACompany, People: []string{"Kofi Mensah", "Jo Baah"}, Colleagues: []string{"Jo Park"}}, Person, "Kofi|Kofi|Jo"},

		// In a text about a company, or one of its people, its sites
		// named with "the" or "their" are the company, and titles and
		// job groups are its own.
		{"The depot runs two shifts. The plant in Hull uses pagers. Our office is in Leeds. A plant needs power.", company, Enterprise, "depot|plant"},
		{"The depot runs two shifts.", Known{}, Enterprise, ""},
		// A site before a title says what the title is of: the plant
		// manager is a person, not the plant.
		{"The plant manager, Ruth Adeyemi, said yes. The warehouse supervisors agreed.", company, Enterprise, ""},
		{"Runs the Porto bakery's night shift; cut waste by a third.", person, Enterprise, "bakery's"},
		{"The VP of Ops wants a pilot, and our Head of Sales agrees.", company, Role, "VP"},
		{"The VP of Ops wants a pilot.", Known{}, Role, ""},
		{"The operators keep a paper log.", company, Role, "operators"},
		{"The operators keep a paper log.", Known{}, Role, ""},

		// An insight in the customer's own words: their "I" and "we".
		{"I have twelve dashboards and nobody looks at them; we print everything.", Known{About: AboutAPerson, Name: "Ruth Adeyemi", TheirWords: true}, Person, "I"},
		{"I have twelve dashboards and nobody looks at them; we print everything.", Known{About: AboutAPerson, Name: "Ruth Adeyemi", TheirWords: true}, Enterprise, "we"},
		{"I have twelve dashboards and nobody looks at them; we print everything.", person, Person, ""},

		// The organization's own words for its customers, and its own
		// names, as Faces' settings give them.
		{"Patients wait three weeks for a slot.", Known{Customers: []string{"patient"}}, Market, "Patients"},
		{"Patients wait three weeks for a slot.", Known{}, Market, ""},
		// A product of ours named as a person is.
		{"Sam asked whether Ada can read their scanner logs.", company, Person, "Sam|Ada"},
		{"Sam asked whether Ada can read their scanner logs.", Known{About: AboutACompany, Name: "Northwind Traders", Ours: []string{"Ada"}}, Person, "Sam"},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range ReadText(tt.text, tt.known).Segments {
			if s.Level == tt.level.String() {
				got = append(got, s.Text)
			}
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("%q knowing %+v: %s %q, want %q", tt.text, tt.known, tt.level, got, tt.want)
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
