package lens

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// Reading byte by byte, or all at once, gives the same analysis: paragraph
// boundaries do not depend on how the input arrives.
func TestStreamingMatchesWholeInput(t *testing.T) {
	text := "Customers first.\n\nOur clients matter. The client had pictures in every room.\r\n\r\nThey rotated them.\n"
	whole := AnalyzeString(text)
	streamed, err := Analyze(iotest.OneByteReader(strings.NewReader(text)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(whole, streamed) {
		t.Errorf("streamed analysis differs:\n%+v\n%+v", whole, streamed)
	}
	if whole.Bytes != int64(len(text)) {
		t.Errorf("Bytes = %d, want %d", whole.Bytes, len(text))
	}
}

func TestAnalyzeReportsReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	doc, err := Analyze(iotest.DataErrReader(iotest.ErrReader(boom)))
	if !errors.Is(err, boom) || doc == nil {
		t.Errorf("got %v, %v; want the read error and a document", doc, err)
	}
}

// A single line far longer than the analysis window is cut at white space
// and still analyzed everywhere, with offsets into the input.
func TestHugeSingleLine(t *testing.T) {
	sentence := "Our customers want faster reports and the CFO agrees "
	text := strings.Repeat(sentence, 3*maxChunk/len(sentence))
	doc := AnalyzeString(text)
	if got, want := doc.Counts[Market], strings.Count(text, "customers"); got != want {
		t.Errorf("market mentions %d, want %d", got, want)
	}
	mentionsMatch(t, text, doc)
	// Sentences that ask where quotes open, which names came before and
	// which word each mention starts at, many times over (each once took
	// a search through the sentence so far: hours for a million bytes).
	for _, sentence := range []string{
		"Jill Chen, the CFO of Acme, said you want reports and you agree ",
		"“We need it,” said Jill, and they said you should call them ",
		"Sam and Jill and Kim and the customers of Acme Inc and their users ",
	} {
		text := "Jill Chen is the CFO of Acme.\n\n" + strings.Repeat(sentence, maxChunk/len(sentence))
		doc := AnalyzeString(text)
		if len(doc.Mentions) < strings.Count(text, "Jill") {
			t.Errorf("%q: %d mentions", sentence, len(doc.Mentions))
		}
		mentionsMatch(t, text, doc)
	}
}

// mentionsMatch fails the test when a mention's text is not the input's
// at its offsets.
func mentionsMatch(t *testing.T, text string, doc *Document) {
	t.Helper()
	for _, m := range doc.Mentions {
		if text[m.Start:m.End] != m.Text {
			t.Fatalf("mention %+v does not match the input", m)
		}
	}
}

func TestOddInputs(t *testing.T) {
	for name, text := range map[string]string{
		"empty":         "",
		"blank":         "\n\n\t \n",
		"invalid UTF-8": "Customers \xff\xfe love \xc3 it.\n",
		"one letter":    "I",
		"punctuation":   "“”…—!?.,;:",
		"no newline":    strings.Repeat("x", maxChunk+17),
	} {
		doc := AnalyzeString(text)
		checkDocument(t, name, []byte(text), doc)
	}
}

// checkDocument verifies what must hold of any analysis.
func checkDocument(t *testing.T, name string, text []byte, doc *Document) {
	t.Helper()
	if doc.Bytes != int64(len(text)) {
		t.Errorf("%s: Bytes %d, want %d", name, doc.Bytes, len(text))
	}
	last := 0
	for _, s := range doc.Sentences {
		if s.Start < last || s.End < s.Start || s.End > len(text) {
			t.Fatalf("%s: sentence %+v out of order or range", name, s)
		}
		last = s.End
	}
	prev := -1
	for _, m := range doc.Mentions {
		if m.Start < prev || m.End <= m.Start || m.End > len(text) || string(text[m.Start:m.End]) != m.Text {
			t.Fatalf("%s: bad mention %+v", name, m)
		}
		prev = m.Start
	}
	if doc.CustomerFree != (len(doc.Mentions) == 0) {
		t.Errorf("%s: CustomerFree %v with %d mentions", name, doc.CustomerFree, len(doc.Mentions))
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, seed := range []string{
		"Customers first. They rotate.",
		"Ana Ruiz, Head of Data, Acme: “We moved. I love it.”",
		"- [customer a], @[relevant customer member]\n\n# Persona: Sam Software\nI want speed.",
		"XYZ Corporation's CFO met Bill, an ops manager at this company.",
		"\xff\xfe\x00 customers’ users'",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		doc := AnalyzeBytes(text)
		checkDocument(t, "fuzz", text, doc)
		for _, format := range []Format{Markdown, HTML} {
			masked := Mask(format, text)
			if len(masked) != len(text) {
				t.Fatalf("%v mask changed the length from %d to %d", format, len(text), len(masked))
			}
			checkDocument(t, format.String(), masked, AnalyzeBytes(masked))
		}
	})
}

func TestMaskKeepsOffsets(t *testing.T) {
	tests := []struct {
		format Format
		in     string
		text   string // the readable text, white space collapsed
	}{
		{Markdown, "---\ntitle: x\n---\n# Our *customers*\n\nSee [Jill's story](https://x.example/j) ![logo](l.png).\n```\ncode customers\n```\n| a | b |",
			"Our customers See Jill's story . a b"},
		{Markdown, "[![build](https://ci.example/badge.svg)](https://ci.example) [![docs][docs-badge]][docs]\n\nThe `client_model` type and ``a `tick` here`` go.\nRead [the **guide**][guide] and [this](https://x.example/(a)).[^1]\n\n[guide]: https://x.example/guide\n  [docs]: https://pkg.example\n[^1]: A footnote is text.\n",
			"The type and go. Read the guide and this . A footnote is text."},
		{HTML, "<!doctype html><html><head><title>T</title><style>p{}</style></head><body><p>Our <b>customers</b> &amp; Jill&#39;s team</p><script>var customers</script></body></html>",
			"Our customers & Jill's team"},
	}
	for _, tt := range tests {
		got := Mask(tt.format, []byte(tt.in))
		if len(got) != len(tt.in) {
			t.Fatalf("%v: length %d, want %d", tt.format, len(got), len(tt.in))
		}
		if text := strings.Join(strings.Fields(string(got)), " "); text != tt.text {
			t.Errorf("%v: readable text %q, want %q", tt.format, text, tt.text)
		}
		for _, m := range AnalyzeBytes(got).Mentions {
			if tt.in[m.Start:m.End] != m.Text {
				t.Errorf("%v: mention %q is %q in the original", tt.format, m.Text, tt.in[m.Start:m.End])
			}
		}
	}
}

// Web addresses, paths and identifiers are not prose: the words inside
// them ("godoc.org", "client_golang") name no customer. A domain alone
// is a company's name.
func TestAddressesAndIdentifiersAreNotRead(t *testing.T) {
	tests := []struct {
		text string
		want []string // the mentions' texts
	}{
		{"See https://godoc.org/pkg/client and www.customers.example/org for the docs.", nil},
		{"Badges link to travis-ci.org/acme/client and golang.org/x/tools.", nil},
		{"The client_golang and user_id fields are set.", nil},
		{"Write to mailto:customers@acme.example today.", nil},
		{"Booking.com and its customers (see https://booking.example).", []string{"customers"}},
		{"Our customers (https://x.example/customers) said so.", []string{"customers"}},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range Rules.AnalyzeBytes([]byte(tt.text)).Mentions {
			got = append(got, m.Text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: mentions %q, want %q", tt.text, got, tt.want)
		}
	}
	// A domain alone is read: it may be a customer's name.
	var words []string
	for _, tok := range tokenize("Booking.com, e.g. fal.ai", make([]byte, 24), 0, nil) {
		if tok.word {
			words = append(words, tok.lower)
		}
	}
	if strings.Join(words, " ") != "booking com e g fal ai" {
		t.Errorf("words %q", words)
	}
}

// A sentence in capitals throughout says nothing about names with them,
// as a heading does not.
func TestShoutedSentenceNamesNoOne(t *testing.T) {
	text := "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY.\n"
	for _, a := range []Analyzer{Rules, Default()} {
		if ms := a.AnalyzeBytes([]byte(text)).Mentions; len(ms) != 0 {
			t.Errorf("model %v: mentions %+v in a licence's capitals", a.Model != nil, ms)
		}
	}
}

// Words are read in the sense their neighbours give them: a month in a
// date is no one's first name, a client that is a program is no customer,
// and "leads" after its subject is a verb; a name that is a month, a
// customer who is a client and leads that are prospects are still read.
func TestWordsAreReadInTheirSense(t *testing.T) {
	tests := []struct {
		text string
		want []string // the mentions' texts, by the rules and by the model
	}{
		{"In May 2024 we shipped the new release.", nil},
		{"The change on June 6th, 2012 added type safety.", nil},
		{"Since April the release has shipped weekly.", nil},
		{"Sept. 12 is the date.", nil},
		{"See the API client and the HTTP clients for details.", nil},
		{"The client library and the client-side code are small.", nil},
		{"April Jones, the CFO of Acme, called us.", []string{"April", "Acme"}},
		{"Our clients call us every week.", []string{"clients"}},
		{"Our new leads are warm.", []string{"leads"}},
		{"The release who leads it ships today, which leads to a party.", nil},
		// A declaration of pronouns refers to no one.
		{"Jill Chen (she/her) called us on Monday.", []string{"Jill"}},
	}
	for _, a := range []Analyzer{Rules, Default()} {
		for _, tt := range tests {
			var got []string
			for _, m := range a.AnalyzeBytes([]byte(tt.text)).Mentions {
				got = append(got, m.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("model %v: %q: mentions %q, want %q", a.Model != nil, tt.text, got, tt.want)
			}
		}
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, head string
		want       Format
	}{
		{"notes.md", "", Markdown},
		{"page.HTML", "", HTML},
		{"export", "  <!DOCTYPE html><html>", HTML},
		{"plain.txt", "Customers first", PlainText},
		{"saved", "\ufeff\r\n<HTML lang=en>", HTML}, // a byte-order mark first
		{"short", "<ht", PlainText},
		{"about-html.txt", "<html> is a tag", HTML},
	}
	for _, tt := range tests {
		if got := DetectFormat(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("DetectFormat(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMarkdownSoftBreaksJoinSentences(t *testing.T) {
	md := "# Title\n\nOur customers say they are customer-focused, yet\nthe customer has become an abstraction.\n\n- one item\n- another\n  continued here\n\n" +
		"* a starred item\n* and the next\n"
	masked := Mask(Markdown, []byte(md))
	if len(masked) != len(md) {
		t.Fatal("length changed")
	}
	var got []string
	for _, s := range AnalyzeBytes(masked).Sentences {
		got = append(got, strings.Join(strings.Fields(string(masked[s.Start:s.End])), " "))
	}
	want := []string{"Title", "Our customers say they are customer-focused, yet the customer has become an abstraction.", "one item", "another continued here",
		"a starred item", "and the next"} // "* " is blanked like emphasis, yet starts an item
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences %q, want %q", got, want)
	}
}

// In an interview written up as questions and answers, the questions ask
// the one interviewed, and "we" and "I" in the answers are theirs: a
// customer's organization and a customer. Without the text naming itself
// an interview at its top, questions to "you" are an FAQ's or a
// handbook's, answered by the writer; so is an FAQ's "How do I …?" inside
// an interview.
func TestInterviewAnswersAreTheCustomers(t *testing.T) {
	interview := "Interview with a platform team\n\n" +
		"Can you tell us about yourself?\n\n" +
		"I run the platform team.\n\n" +
		"How did you transition?\n\n" +
		"We moved our servers first. I wrote the exporters.\n\n" +
		"Where is the code?\n\n" +
		"We keep it on GitHub.\n\n" +
		"What is your role?\n\n" +
		"I lead the team.\n\n" +
		"How do I ask my own question?\n\n" +
		"We answer within a day.\n"
	handbook := "Why should you care?\n\nWe ship every week. I review every change.\n\n" +
		"Do you offer a discount?\n\nWe offer one to schools.\n"
	// Interviews named in a handbook's body do not make it one.
	howTo := "Our research\n\nWe read widely. We take notes. We hold interviews with customers.\n\n" +
		"How do you start?\n\nWe start small.\n\nWhat do you ask?\n\nWe ask about their week.\n"
	tests := []struct {
		name, text string
		want       []string // "sentence: level of each mention"
	}{
		{"interview", interview, []string{
			"Can you tell us about yourself?: enterprise person",
			"I run the platform team.: person",
			"How did you transition?: enterprise",
			"We moved our servers first.: enterprise enterprise",
			"I wrote the exporters.: person",
			// A question without "you" keeps the answer going.
			"We keep it on GitHub.: enterprise",
			"What is your role?: person",
			"I lead the team.: person",
			// A question asked in the first person is the writer's FAQ.
		}},
		{"handbook and FAQ", handbook, nil},
		{"a handbook on interviews", howTo, []string{"We hold interviews with customers.: market"}},
		// Whom the interview is with is the customer, named or not again.
		{"with an organization", "Interview with Northwind Traders\n\nNorthwind Traders sells tea.\n",
			[]string{"Interview with Northwind Traders: enterprise", "Northwind Traders sells tea.: enterprise"}},
		{"with a person", "An interview with Jill Chen\n\nJill Chen runs the platform.\n",
			[]string{"An interview with Jill Chen: person", "Jill Chen runs the platform.: person"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Rules.AnalyzeBytes([]byte(tt.text))
			var got []string
			for _, s := range doc.Sentences {
				var levels []string
				for _, m := range doc.Mentions {
					if m.Start >= s.Start && m.End <= s.End {
						levels = append(levels, m.Level.String())
					}
				}
				if len(levels) > 0 {
					got = append(got, tt.text[s.Start:s.End]+": "+strings.Join(levels, " "))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("mentions by sentence:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// A change log's credits — a given name in parentheses that ends its line,
// after which only a reference may follow — are the writer's own
// contributors, not customers. Without a reference the shape must repeat
// before it counts.
func TestChangeLogCreditsAreOurs(t *testing.T) {
	var log strings.Builder
	log.WriteString("# Changes\n\n")
	for i, name := range []string{"Jane Doe", "Ben Noordhuis", "Anna Henningsen", "Colin Ihrig", "Tim Perry"} {
		fmt.Fprintf(&log, "* [`%07x`] - **http**: fix the parser for customers (%s) [#%d](https://example.com/pull/%d)\n", i, name, 1200+i, 1200+i)
	}
	var plain strings.Builder
	for _, name := range []string{"Jane Doe", "Ben Noordhuis", "Anna Henningsen", "Colin Ihrig", "Tim Perry"} {
		fmt.Fprintf(&plain, "- speed up reads for users (%s)\n", name)
	}
	tests := []struct {
		name, text string
		format     Format
		rules      bool     // read with the rules alone
		want       []string // the persons found
	}{
		{"change log", log.String(), Markdown, false, nil},
		// Without a reference, the rules do not know the first two
		// credits for a change log's yet (the model may).
		{"change log without references", plain.String(), PlainText, true, []string{"Jane", "Ben"}},
		{"a customer's note", "Met their new CTO at Acme today (Jane Doe).\n\nJane Doe wants a demo.\n", PlainText, false, []string{"Jane", "Jane"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := Mask(tt.format, []byte(tt.text))
			a := Default()
			if tt.rules {
				a = Analyzer{}
			}
			var got []string
			for _, m := range a.AnalyzeBytes(text).Mentions {
				if m.Level == Person {
					got = append(got, m.Text)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("persons %q, want %q", got, tt.want)
			}
		})
	}
}

// rulesRead lists the texts of the mentions of level l the rules find in
// text.
func rulesRead(text string, l Level) []string {
	var got []string
	for _, m := range (Analyzer{}).AnalyzeBytes([]byte(text)).Mentions {
		if m.Level == l {
			got = append(got, m.Text)
		}
	}
	return got
}

// readsAs tells whether the rules read a word of text starting with prefix
// at level l.
func readsAs(text, prefix string, l Level) bool {
	for _, w := range rulesRead(text, l) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// expectRead fails the test unless the rules read, at level l in text,
// exactly the mentions want ("|"-separated, "" for none).
func expectRead(t *testing.T, text string, l Level, want string) {
	t.Helper()
	if got := strings.Join(rulesRead(text, l), "|"); got != want {
		t.Errorf("%q: %s %q, want %q", text, l, got, want)
	}
}

// expectAny fails the test unless the rules read something at level l in
// text exactly when want says so.
func expectAny(t *testing.T, text string, l Level, want bool) {
	t.Helper()
	if got := rulesRead(text, l); (len(got) > 0) != want {
		t.Errorf("%q: %s %q, want some: %v", text, l, got, want)
	}
}

// The community of an open-source product is its users, as a group; a
// community of makers, or one a customer speaks of, is not.
func TestCommunityIsTheUsers(t *testing.T) {
	tests := []struct {
		text   string
		market bool // "community" is read as the market
	}{
		{"Office hours are open to all community members.", true},
		{"Slack is our primary way of providing support for the community.", true},
		{"Tobias asked the Zulip development community for advice.", false},
		{"Share it with the Kubernetes community.", false},
		{"Ask the community manager before you post.", false},
		{"We're trialing Orbit as a community CRM.", false},
		{"“We saw the amazing community that had grown up around Kubernetes,” says Chakrabarti.", false},
	}
	for _, tt := range tests {
		if got := readsAs(tt.text, "communit", Market); got != tt.market {
			t.Errorf("%q: community read as the market %v, want %v", tt.text, got, tt.market)
		}
	}
}

// "Champion" after its subject or "to" is a verb, not a buying role.
func TestChampionAsAVerb(t *testing.T) {
	for text, want := range map[string]bool{
		"We want to help champion this industry.":              false,
		"We champion open standards.":                          false,
		"Find a champion in every account.":                    true,
		"Buyers set requirements that flow down to champions.": true,
	} {
		if got := readsAs(text, "champion", Role); got != want {
			t.Errorf("%q: champion read as a role %v, want %v", text, got, want)
		}
	}
}

// A case study's title names its customer ("Case study: Atolio"), as an
// interview's names whom it is with or at, who is then known by name for
// the rest of the text.
func TestCaseStudyTitleNamesTheCustomer(t *testing.T) {
	tests := []struct {
		text string
		want []string // the enterprise mentions
	}{
		{"Case study: Atolio\n\nAtolio moved its engineers to Zulip in 2023.", []string{"Atolio", "Atolio"}},
		{"CASE STUDY: Spotify\n\nSpotify: An Early Adopter of Containers.", []string{"Spotify", "Spotify"}},
		{"Customer Success: Atolio\n\nAtolio moved in 2023.", nil},
		// An interview's title: whom the questions are asked at.
		{"End-User Q&A Series: Using OTel at Farfetch\n\nFarfetch runs it everywhere.", []string{"Farfetch", "Farfetch"}},
		{"Q&A with our maintainers\n\nThey spoke at PromCon in Munich.", nil},
		{"Atolio moved its engineers to Zulip.\n\nThey wrote a case study: Atolio is happy.\n\nAtolio grew.", nil},
	}
	for _, tt := range tests {
		if got := rulesRead(tt.text, Enterprise); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: enterprise %q, want %q", tt.text, got, tt.want)
		}
	}
}

// A CRM's vocabulary speaks of prospects as a group: contacts, leads,
// MQLs; "contacts" as a verb does not.
func TestSalesVocabularyIsTheMarket(t *testing.T) {
	for text, want := range map[string]string{
		"Usually contacts are only in this stage for a short while.":      "contacts",
		"If you import contacts into HubSpot, check the names.":           "contacts",
		"This process often begins with a Marketing Qualified Lead.":      "Lead",
		"For leads who are MQLs the Lead status field is used.":           "leads|MQLs",
		"All contacts in HubSpot need to have a defined lifecycle.":       "contacts",
		"The manager directly contacts employees who have not done so.":   "",
		"The champion contacts IT and procurement to discuss a purchase.": "",
	} {
		if got := rulesRead(text, Market); strings.Join(got, "|") != want {
			t.Errorf("%q: market %q, want %q", text, got, want)
		}
	}
}

// A title that says who one named person is ("Mike Corsaro is a Senior
// Software Engineer at Bitbucket", "Joanne Tipton, a senior team manager
// at End Point") is part of that person, not a role of its own (the
// guide's attribution lines); on a persona page the title is the role.
func TestTitleOfANamedPersonIsNoRole(t *testing.T) {
	tests := []struct {
		text string
		role bool // a role is read
	}{
		{"Bitbucket is a customer.\n\nMike Corsaro is a Senior Software Engineer at Bitbucket.", false},
		{"Farfetch is a customer.\n\nIris first started her career as a software engineer, focusing on backend development.", false},
		{"“Zulip is my lifeline,” says Joanne Tipton, a senior team manager at End Point.", false},
		{"As a designer, my task is to package the suite.", false},
		{"Our customers love it.\n\nElias Nahum - Eng Lead", false},
		{"Our customers told us the CFO is a blocker.", true},
		{"Personas\n\nSam is a Senior Software Engineer at a mid-sized developer tool company.", true},
	}
	for _, tt := range tests {
		expectAny(t, tt.text, Role, tt.role)
	}
}

// A list of the industries a text sells to is the market; a section
// headed "Travel" or "Legal", or our finance team, is not.
func TestIndustryListIsTheMarket(t *testing.T) {
	text := "These segments serve as a starting point:\n\n- Education\n- Healthcare\n- E-commerce\n\nBanking & insurance\n\nTravel\n\nOur finance team pays the bills.\n"
	expectRead(t, text, Market, "segments|Education|Healthcare|E-commerce|Banking|insurance")
}

// "The client reviews our work": a verb after the customer noun, not a
// compound ("the customer strategies").
func TestCustomerNounBeforeAVerb(t *testing.T) {
	text := "When we begin working with the client, we agree on a plan.\n\nThe client reviews our work continuously.\n"
	expectRead(t, text, Enterprise, "client|client")
}

// "Account" in the name of our own work with accounts, or as the verb, is
// no customer; the account itself is one.
func TestOurAccountWorkIsNoCustomer(t *testing.T) {
	tests := []struct {
		text       string
		enterprise bool
	}{
		{"The role of the account manager changes over the course of each project.", false},
		{"Account Management at 18F", false},
		{"When the account owner tags people, the response rate increases.", false},
		{"We also account monthly for all costs incurred for each project.", false},
		{"Invite the account to the kickoff.", true},
		{"Their account grew to 400 seats.", true},
	}
	for _, tt := range tests {
		if got := readsAs(tt.text, "account", Enterprise) || readsAs(tt.text, "Account", Enterprise); got != tt.enterprise {
			t.Errorf("%q: enterprise %v, want %v", tt.text, got, tt.enterprise)
		}
	}
}

// Names listed under a heading that names one of our teams are ours, not
// customers; under a customer's name they are theirs.
func TestNamesListedUnderOurTeamAreOurs(t *testing.T) {
	roster := "R&D Teams\n\nLeadership\n\n- Corey Hulen - CTO\n- Chris Overton - VP Engineering\n\nMobile Team\n\n- Elias Nahum - Eng Lead\n- Miguel Alatzar - Engineer\n"
	if got := rulesRead(roster, Person); len(got) > 0 {
		t.Errorf("our team's roster: persons %q, want none", got)
	}
	if got := rulesRead(roster, Role); len(got) > 0 {
		t.Errorf("our team's roster: roles %q, want none", got)
	}
	customers := "Our customers\n\n- Jane Doe, CTO of Acme Corp\n- Chris Overton, VP Engineering at Initech\n"
	expectRead(t, customers, Person, "Jane|Chris")
}

// An interview's customer stays the customer when the writer says "I
// spoke with …, Platform Engineer at Farfetch": the first person does not
// make it our organization, its possessive is it too, and a first name
// that is also a word ("Iris") is a name before a surname.
func TestInterviewedCustomerStaysTheCustomer(t *testing.T) {
	text := "End-User Q&A Series: Using OTel at Farfetch\n\nThis month, I spoke with Iris Dyrmishi, Platform Engineer at Farfetch.\n\n- Farfetch’s journey to OpenTelemetry\n"
	expectRead(t, text, Enterprise, "Farfetch|Farfetch|Farfetch’s")
	if got := rulesRead(text, Role); len(got) > 0 {
		t.Errorf("role %q: the title of the one interviewed", got)
	}
}

// A title is no role where it names no one on the customer's side: a
// thing named after an occupation ("developer experience"), the reader's
// own manager on an onboarding page, our own office ("Head of Sales").
func TestTitlesThatNameNoCustomerRole(t *testing.T) {
	tests := []struct {
		text string
		role bool
	}{
		{"Our customers love it.\n\nHe wants to improve the developer experience at Bitbucket.", false},
		{"Our customers love it.\n\nModivcare built a developer portal using Backstage.", false},
		{"Our customers love it.\n\nYour manager will be your point of contact for your early projects.", false},
		{"Our customers love it.\n\nThis meeting is led by the Head of Sales.", false},
		{"Our customers love it.\n\nHere is how a developer can create a repository.", true},
		{"Our customers love it.\n\nYour champion knows the budget.", true},
	}
	for _, tt := range tests {
		expectAny(t, tt.text, Role, tt.role)
	}
}

// A name no list knows is a name where names stand beside a title: an
// attribution line, or after the title.
func TestUnknownNameBesideATitle(t *testing.T) {
	text := "Case study: Atolio\n\nGareth Watts, co-founder and CTO of Atolio\n\n“We liked it,” Atolio’s CTO Gareth Watts explains.\n\nThe CTO Summit Series was fun.\n"
	expectRead(t, text, Person, "Gareth|Gareth")
	if got := rulesRead(text, Role); len(got) > 1 {
		t.Errorf("roles %q: only the summit's CTO may be one", got)
	}
}

// Developers or engineers inside one customer are a role there ("his
// developers", "Bitbucket developers", "engineers at adidas"); the same
// word in our handbook is our staff, and after "for" the market.
func TestOccupationsInsideACustomer(t *testing.T) {
	tests := []struct {
		text, want string // the level read, "" for none
	}{
		{"Case study: Bitbucket\n\nHis team helps Bitbucket developers all over the world.", "role"},
		{"Case study: adidas\n\nFor engineers at adidas, it felt like being an artist with your hands tied.", "role"},
		{"He wanted to foster the creativity of his developers.", "role"},
		{"Our engineers review every pull request.", ""},
		{"Case study: Modivcare\n\nModivcare grew by acquisitions.\n\nModivcare chose Pulumi.\n\nModivcare built a portal.\n\nDevelopers can define their own environments.", "role"},
		{"Our handbook\n\nWe ship weekly.\n\nWe review code.\n\nWe write docs.\n\nDevelopers can define their own environments.", ""},
		{"We build for developers.", "market"},
	}
	for _, tt := range tests {
		got := ""
		for _, l := range []Level{Market, Role} {
			if readsAs(tt.text, "develop", l) || readsAs(tt.text, "Develop", l) || readsAs(tt.text, "engineer", l) {
				got = l.String()
			}
		}
		if got != tt.want {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
	}
}

// A customer whose name its owner writes in lower case ("CASE STUDY:
// adidas") is that customer wherever the text names it.
func TestLowerCaseCustomerName(t *testing.T) {
	text := "CASE STUDY: adidas\n\nIn recent years, the adidas team was happy with its software choices.\n"
	expectRead(t, text, Enterprise, "adidas|adidas")
}

// A bare "Customer" opening a procedure's step is "the customer" of that
// procedure: one customer once the text speaks of particular ones.
func TestBareCustomerInAProcedure(t *testing.T) {
	text := "Escalations\n\nWhen we begin working with the client, we check their usage.\n\nCustomer states: “We are struggling to deploy.”\n\nCustomer feedback calls are held monthly.\n"
	expectRead(t, text, Enterprise, "client|their|Customer")
}

// On a persona page, the layers of personas are roles: "Users: evaluate
// …", "Buyers: make final purchasing decisions …".
func TestPersonaLayersAreRoles(t *testing.T) {
	page := "Personas\n\nUsers: Evaluate technical capabilities and test integrations.\n\nBuyers: Make the final decisions.\n"
	expectRead(t, page, Role, "Personas|Users|Buyers")
	other := "Pricing\n\nUsers: Evaluate technical capabilities and test integrations.\n"
	expectRead(t, other, Market, "Users")
}

// The one a customer story quotes is a customer, by whatever name: "says
// Chakrabarti" makes Chakrabarti a person there and wherever the text
// names them again; a colleague quoted stays ours.
func TestQuotedSpeakerIsAPerson(t *testing.T) {
	text := "Case study: Spotify\n\n“We saw the community,” says Chakrabarti.\n\nChakrabarti points out the metrics.\n\n“It works,” says Hawkins, our CEO.\n"
	expectRead(t, text, Person, "Chakrabarti|Chakrabarti")
	if got := rulesRead("We shipped it.\n\n“It works,” says Chakrabarti.\n", Person); len(got) > 0 {
		t.Errorf("in a text about no customer, persons %q", got)
	}
}

// A school's people by their part in it are roles: students,
// instructors, teaching assistants.
func TestEducationRoles(t *testing.T) {
	text := "Zulip for education\n\nOur customers love it.\n\nAnswer students’ questions and coordinate with instructors and TAs.\n"
	expectRead(t, text, Role, "students|instructors|TAs")
}

// Under a heading that names personas, the names introduced are personas:
// roles, not customers met.
func TestPersonasHeadingIntroducesRoles(t *testing.T) {
	text := "Design thinking\n\nWe start from the people we build for.\n\nUser Personas\n\nDanielle, the Developer\n\nDanielle builds flows for her team.\n"
	if got := rulesRead(text, Person); len(got) > 0 {
		t.Errorf("persons %q: a persona is no one met", got)
	}
	if got := strings.Join(rulesRead(text, Role), "|"); !strings.HasPrefix(got, "Personas|Danielle") {
		t.Errorf("roles %q, want the personas and Danielle", got)
	}
}

// A story's title that opens on a name and a colon, or asks how a name
// does something, is about that organization once the text writes the
// name as a name; a technical page titled "Modules: CommonJS modules" is
// not.
func TestStoryTitleNamesItsSubject(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Modivcare: Self-Service and Governance Create a Competitive Advantage\n\nBy 2023, Modivcare had grown by acquisitions.\n", "Modivcare"},
		{"How Elkjøp Nordic enables self-service infrastructure\n\nThe teams at Elkjøp build their own environments.\n", "Elkjøp|their"},
		{"Modules: CommonJS modules\n\nCommonJS Modules are the original way to package code.\n", ""},
		{"README: Tk\n\nThe README explains the build.\n", ""},
		// In any tense, and with the name first or after the kind of
		// story (readings_test.go).
		{"How Fabrikam reduced its build times\n\nFabrikam runs 40 plants.\n", "Fabrikam|Fabrikam"},
		{"How Fabrikam cut its release time in half\n\nToday Fabrikam ships twice a day.\n", "Fabrikam|Fabrikam"},
		{"Account review: Contoso\n\nContoso renewed in May for three more years.\n", "Account|Contoso|Contoso"},
		{"Litware case study\n\nLitware had outgrown its alerting.\n", "Litware|Litware"},
		{"Customer interview notes: Northwind\n\nWe talked to two people at Northwind.\n", "Northwind|Northwind"},
		{"Account settings: Billing\n\nBilling shows your invoices.\n", ""},
		{"Writing a case study\n\nWriting takes a week.\n", ""},
		{"Customer interview tips: Listening well\n\nListening well takes practice.\n", ""},
		{"Field visit: Northwind's Rotterdam depot\n\nI spent Tuesday at Northwind's depot.\n", "Northwind's|Northwind's"},
		{"Field visit: Setting up the demo\n\nSetting up takes an hour.\n", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(rulesRead(tt.text, Enterprise), "|"); got != tt.want {
			t.Errorf("%q: enterprise %q, want %q", tt.text, got, tt.want)
		}
	}
}

// A given name that is also a place, or the end of a longer proper name,
// is no person; a name with its surname is one.
func TestPlacesAreNoPeople(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"Our customer Acme has plants in North and South America, Europe and Asia, and customers in 80 countries.", ""},
		{"The customer opened an office in Georgia last year.", ""},
		{"Our customer Georgia Hughes said the rollout took a week.", "Georgia"},
		{"Our customer, the University of California San Diego, moved its classes online.", ""},
		{"Customers such as End Point Dev use it daily.", ""},
		{"Our customer Atlassian is speeding up the Sydney team.", ""},
		{"If you import customers, the First Name and Last Name must be set.", ""},
		{"Our customers split the Name field into a First Name and Last Name.", ""},
		{"Our customer Sydney Chen said the rollout took a week.", "Sydney"},
	}
	for _, tt := range tests {
		expectRead(t, tt.text, Person, tt.want)
	}
}

// "Chief of Delivery", "Head of Global Launch Operations" name a department
// of the one who holds the title, not a company.
func TestTitleOfADepartmentNamesNoCompany(t *testing.T) {
	expectAny(t, "Work with the Chief of Delivery to discuss the project.", Enterprise, false)
	expectRead(t, "Jill Chen, CEO of Acme, told our customers about it.", Enterprise, "Acme")
}

// Who looks after a record or a piece of work on our side holds no
// customer's role: "the contact owner", "the Mattermost case study
// coordinator", "the Chief of Delivery".
func TestOurOwnTitlesAreNoRoles(t *testing.T) {
	tests := []struct {
		text string
		role bool
	}{
		{"It is up to the contact owner to ensure the customer's lifecycle stage is set.", false},
		{"Our customers rely on the deal owner to follow up.", false},
		{"Our customers' business owners approve the purchase.", true},
		{"At Mattermost, we value our customers. The Mattermost case study coordinator arranges a call with the customer.", false},
		{"The Chief of Delivery can help our customers.", false},
		{"The customer's chief of staff signs the order.", true},
	}
	for _, tt := range tests {
		expectAny(t, tt.text, Role, tt.role)
	}
}

// A body named after customers gathers them as a group.
func TestBodiesNamedAfterCustomersAreTheMarket(t *testing.T) {
	text := "The OpenTelemetry End User Working Group hosted its third session."
	expectRead(t, text, Market, "End User Working Group")
	expectAny(t, text, Enterprise, false)
	expectRead(t, "Our customer Acme Group signed.", Enterprise, "Acme Group")
}

// A customer the text names is an enterprise: "our customer Acme",
// "customers such as Acme and Globex"; a title is not a name.
func TestNamedCustomersAreEnterprises(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"Our customer Acme sent two engineers.", "customer|Acme"},
		{"Customers such as Acme and Globex use it daily.", "Acme|Globex"},
		{"We met our client, Initech, last week.", "client|Initech"},
		{"Customers like Vandelay Industries renewed.", "Vandelay Industries"},
		{"Customer Risk Meetings are held weekly.", ""},
	}
	for _, tt := range tests {
		expectRead(t, tt.text, Enterprise, tt.want)
	}
}

// The company or team of a customer's person is the customer: "Jill’s
// company", "her team’s setup".
func TestACustomersPersonsTeamIsTheCustomer(t *testing.T) {
	text := "Our customer Acme sent Jill Chen, a senior engineer, to the session. Jill’s company uses a few different backends. She said her team’s setup is simple."
	expectRead(t, text, Enterprise, "customer|Acme|company|team’s")
	expectAny(t, "I joined PostHog in May. His team ships every week.", Enterprise, false)
}

// "The customer" in a step of a procedure told to the reader is the one
// the procedure is for; "the People team" is our own.
func TestProcedureStepsAndOurPeopleTeam(t *testing.T) {
	expectRead(t, "Send an acknowledgment email to the churned customer.", Enterprise, "customer")
	expectRead(t, "Always put the customer first.", Enterprise, "")
	expectAny(t, "Before you start, the People team will order you a new computer.", Market, false)
	expectAny(t, "People want to be heard.", Market, true)
}

// A first name that is also a word ("Mike", "Bill") opening a sentence
// that goes on about them is a name; inside a title it is not.
func TestAmbiguousFirstNamesOpeningASentence(t *testing.T) {
	expectRead(t, "Our customers love it. Mike Corsaro is a Senior Software Engineer at Bitbucket.", Person, "Mike")
	expectRead(t, "It turned out, we had to Nail Funnels to do this.", Person, "")
	expectRead(t, "Nail Funnels", Person, "")
}

// A customer's person named in full may be spoken of by surname alone.
func TestSurnameAloneAfterAFullName(t *testing.T) {
	text := "Our customer Spotify uses it.\n\n\"It works,\" says James Wen, site reliability engineer at Spotify.\n\nThe biggest service runs on it, says Wen."
	expectRead(t, text, Person, "James|Wen")
}

// A page titled "<product> for <market>" names that market, and addresses
// it as "you".
func TestAProductPageAddressesItsMarket(t *testing.T) {
	expectRead(t, "Zulip for business\n\nEfficient communication for your business.", Market, "business|your")
	expectRead(t, "Thanks for your help\n\nEfficient communication for your business.", Market, "")
	expectRead(t, "Release notes\n\nEfficient communication for your business.", Market, "")
	// The jobs of the people in that market are roles.
	expectRead(t, "Zulip for education\n\nHide answers behind spoilers, letting students think first.", Role, "students")
	expectRead(t, "Release notes\n\nHide answers behind spoilers, letting students think first.", Role, "")
}

func TestAProductForAPlatformIsNoPitch(t *testing.T) {
	expectRead(t, "Vim for Debian\n\nYou can install it with apt.", Market, "")
	expectRead(t, "Notes for Translators\n\nYou can translate it.", Market, "")
	expectRead(t, "Acme for developers\n\nShip your code faster.", Market, "developers|your")
}

// Teams that use our product, by name, are the market.
func TestTeamsUsingOurProductAreTheMarket(t *testing.T) {
	expectRead(t, "At Mattermost we care.\n\nUnderstand which teams use Mattermost.", Market, "teams")
	expectRead(t, "This series is a discussion with a team using OpenTelemetry in production.", Market, "team")
	expectRead(t, "Our teams use Slack every day.", Market, "")
}

// Under a heading that names a form a customer fills in, "you" is that
// customer.
func TestACustomerQuestionnaireAsksTheCustomer(t *testing.T) {
	expectRead(t, "Customer questionnaire\n\nHow long have you been in business?", Enterprise, "you")
	expectRead(t, "Team questionnaire\n\nHow long have you been in business?", Enterprise, "")
}

// An account someone logs in with is no customer.
func TestLoginAccountsAreNoCustomers(t *testing.T) {
	tests := []struct {
		text string
		any  bool
	}{
		{"Our customers matter. You'll set up all the accounts you need to work here.", false},
		{"Our customers matter. Create an account for yourself first.", false},
		{"Our customers matter. The root account will own the files.", false},
		{"Our customers matter. The account renewed its contract last week.", true},
	}
	for _, tt := range tests {
		read := false
		for _, l := range []Level{Market, Enterprise} {
			for _, m := range rulesRead(tt.text, l) {
				read = read || strings.Contains(strings.ToLower(m), "account")
			}
		}
		if read != tt.any {
			t.Errorf("%q: the account read as a customer %v, want %v", tt.text, read, tt.any)
		}
	}
}

// A text about account management calls the accounts it manages partners
// ("the AM works to set the partner's expectations"): they are its
// customers. Elsewhere, and as a channel's or a technology's partner, a
// partner is no customer.
func TestPartnersOfAccountManagersAreCustomers(t *testing.T) {
	am := "Account managers build long-term relationships with partners. "
	tests := []struct {
		text  string
		level Level
		want  string
	}{
		{am + "The AM then works with the partner to draft the statement of work.", Enterprise, "partner"},
		{am + "Getting partners set up in Slack and other tools.", Market, "partners|partners"},
		{am + "Some prospects buy through a channel partner.", Enterprise, ""},
		{"The AM then works with the partner to draft the statement of work.", Enterprise, ""},
		{"Dalton, one of our partners at YC, has a great talk on this.", Market, ""},
	}
	for _, tt := range tests {
		expectRead(t, tt.text, tt.level, tt.want)
	}
}
