package lens

import (
	"strings"
	"testing"
)

// levelsOf analyzes text with the rules alone and returns the levels
// found, as "market,person".
func levelsOf(text string) string {
	var set LevelSet
	for _, m := range Rules.AnalyzeBytes([]byte(text)).Mentions {
		set = set.Add(m.Level)
	}
	var names []string
	for _, l := range set.Slice() {
		names = append(names, l.String())
	}
	return strings.Join(names, ",")
}

// The rules read the examples of the labeling guide, and its rules, each
// in a sentence. (The model is held to them in TestModelOnGuideExamples.)
func TestRulesReadGuideExamples(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		// market
		{"We sell to enterprise buyers.", "market"},
		{"The SMB segment is growing fast.", "market"},
		{"Customers expect fast answers.", "market"},
		{"Our target market is mid-sized manufacturers.", "market"},
		{"Customer focus matters more than ever.", "market"},
		// enterprise
		{"Our customers matter. We met with XYZ Corporation last week.", "market,enterprise"},
		{"Before the renewal call, check how the account uses the product.", "enterprise"},
		{"Last year I visited a large manufacturer we work with.", "enterprise"},
		{"Our clients matter. The client had pictures in every room.", "market,enterprise"},
		// role
		{"The CFO approves every purchase.", "role"},
		{"Find the decision makers early.", "role"},
		{"Know the champions and blockers in each deal.", "role"},
		// person
		{"Our customers are people. What is Jill thinking about this?", "market,person"},
		{"Our customers are people. My customers are Frank, Susan and Lily.", "market,person"},
		{"Talk to customers. Bill, an ops manager at this company, uses it daily.", "market,enterprise,person"},
		// not customers
		{"Our Customer Success team answers within an hour.", ""},
		{"The customer service department is in Leeds.", ""},
		{"Our sales managers meet every Monday.", ""},
		{"by David Brock on October 1st, 2017", ""},
		{"We shipped three features this week.", ""},
	}
	for _, tt := range tests {
		if got := levelsOf(tt.text); got != tt.want {
			t.Errorf("%q: levels %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestAnalyzePronounsFollowTheirReferent(t *testing.T) {
	doc := AnalyzeString("Our customers are busy people. They rarely read long emails.\n\nThe weather was fine. They went home.")
	var got []string
	for _, m := range doc.Mentions {
		got = append(got, m.Text+"="+m.Level.String())
	}
	want := "customers=market people=market They=market"
	if strings.Join(got, " ") != want {
		t.Errorf("mentions %v, want %s", got, want)
	}
}

func TestAnalyzeQuotedCustomerSpeaks(t *testing.T) {
	const text = "Ana Ruiz, Head of Data, Acme: “We moved our dashboards in a week. I love it.”\n\nWe were glad."
	for _, a := range []Analyzer{{}, Default()} {
		doc := a.AnalyzeBytes([]byte(text))
		levels := map[string]Level{}
		for _, m := range doc.Mentions {
			if m.Start < strings.Index(text, "\n") {
				levels[m.Text] = m.Level
			}
		}
		for text, want := range map[string]Level{"Ana Ruiz": Person, "Acme": Enterprise, "We": Enterprise, "I": Person} {
			if got, ok := levels[text]; !ok || got != want {
				t.Errorf("model %v, %q: got %v (found %v), want %v", a.Model != nil, text, got, ok, want)
			}
		}
		// After the quote, "we" is the writer's, as the rules read it. The
		// model, which has learned that an unquoted "we" in a text that
		// names customers is sometimes theirs (stories told in their
		// voice), may read it otherwise.
		if last := doc.Sentences[len(doc.Sentences)-1]; a.Model == nil && (last.Levels != 0 || !last.Us) {
			t.Errorf("after the quote, %+v should be ours and customer-free", last)
		}
	}
}

func TestAnalyzeOffsetsPointAtTheWords(t *testing.T) {
	text := "Intro.\n\n“Bill, an ops manager at this company, is our customer,” she said — the customers’ view."
	for _, m := range AnalyzeString(text).Mentions {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %+v: text at its offsets is %q", m, text[m.Start:m.End])
		}
	}
}

// Our own names, given, are never read as a customer, by the rules or by
// the model; without them, a product's name the text keeps coming back
// to reads like a customer company's.
func TestOurNamesAreNeverCustomers(t *testing.T) {
	// The model adds no customer organization to a text that has named
	// none (TestModelAddsNoEnterpriseBeforeAnyCustomer): a customer comes
	// first, so that our names would be read as another.
	const customer = "Jane Doe runs support at Acme Corp.\n\n"
	texts := []string{
		customer + "Pulsar Inc. ships every week.\n\nPulsar reads the logs and Pulsar writes the report. The Pulsar team fixed two bugs.\n",
		customer + "The function to call at the end of this turn of the Node.js Event Loop.\n",
		"Jill Chen is the CFO of Pulsar. She signs every order.\n", // our CFO
	}
	ours := []string{"Pulsar", "Node.js"}
	for i, text := range texts {
		mentioned := func(a Analyzer) []string {
			var got []string
			for _, m := range a.AnalyzeBytes([]byte(text)).Mentions {
				if !strings.HasPrefix(text, customer) || m.Start >= len(customer) {
					got = append(got, m.Text)
				}
			}
			return got
		}
		if got := mentioned(Default()); len(got) == 0 {
			t.Errorf("text %d: read without our names, no mention (the test needs one): the model has changed", i)
		}
		for _, a := range []Analyzer{{Ours: ours}, {Model: defaultModel(), Ours: ours}} {
			if got := mentioned(a); len(got) != 0 {
				t.Errorf("text %d, model %v: with our names given, mentions %q", i, a.Model != nil, got)
			}
		}
	}
	// Given names do not hide the customers around them.
	a := Analyzer{Model: defaultModel(), Ours: ours}
	if c := a.AnalyzeBytes([]byte("Pulsar ships every week. Jill, the CFO of Acme, runs Pulsar daily.\n")).Counts; c[Person] == 0 {
		t.Errorf("a customer beside our name went unread: %v", c)
	}
}

// An organization's own words for its customers are read as "customers"
// is, with the rules and with the model; without them, no list of the
// lens knows them. A phrase is read on its last word after the others,
// and a partner named a customer word is no longer a colleague.
func TestCustomerWordsGiven(t *testing.T) {
	kinds := []string{"patient", "Auction Houses", "partners"}
	tests := []struct {
		text       string
		with, bare string // the mentions' texts, with the words given and without
	}{
		{"Patients wait less since March.", "Patients", ""},
		{"We work with top auction houses.", "houses", ""},
		{"The house of cards fell.", "", ""},
		{"Partners pay a monthly fee to list their works.", "Partners|their", ""},
		{"Customers asked for it.", "Customers", "Customers"},
	}
	for _, tt := range tests {
		for _, m := range []*Model{nil, defaultModel()} {
			for _, c := range []struct {
				kinds []string
				want  string
			}{{kinds, tt.with}, {nil, tt.bare}} {
				var got []string
				for _, mt := range (Analyzer{Model: m, Customers: c.kinds}).AnalyzeBytes([]byte(tt.text)).Mentions {
					if mt.Level != Market {
						t.Errorf("%q, model %v: %q read at %s, want market", tt.text, m != nil, mt.Text, mt.Level)
					}
					got = append(got, mt.Text)
				}
				if strings.Join(got, "|") != c.want {
					t.Errorf("%q, model %v, customers %q: mentions %q, want %q", tt.text, m != nil, c.kinds, got, c.want)
				}
			}
		}
	}
}

func TestDocumentSummaries(t *testing.T) {
	free := AnalyzeString("We shipped a release. Our build is green.")
	if !free.CustomerFree || free.UsShare != 1 {
		t.Errorf("customer-free doc: CustomerFree=%v UsShare=%v", free.CustomerFree, free.UsShare)
	}
	mixed := AnalyzeString("We shipped a release. Customers asked for it.")
	if mixed.CustomerFree || mixed.UsShare != 0.5 || mixed.Counts[Market] != 1 {
		t.Errorf("mixed doc: %+v", mixed)
	}
}

func TestLevelSetJSON(t *testing.T) {
	s := LevelSet(0).Add(Person).Add(Market)
	b, err := s.MarshalJSON()
	if err != nil || string(b) != `["market","person"]` {
		t.Fatalf("MarshalJSON = %s, %v", b, err)
	}
	var back LevelSet
	if err := back.UnmarshalJSON(b); err != nil || back != s {
		t.Fatalf("UnmarshalJSON = %v, %v", back, err)
	}
	if _, err := ParseLevel("persona"); err == nil {
		t.Error("ParseLevel accepted an unknown level")
	}
}
