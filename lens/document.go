package lens

import "strings"

// What a text establishes as it goes: what its title and headings say it
// is (a story about one customer, personas, a form to a customer), the
// writer's own organization, and the customers it names.

// namedCustomers reads the names a sentence gives its customers: "our
// customer Acme", "our client, Initech,", "customers such as Acme and
// Globex", "clients including Initech". Each is a customer organization
// (the guide: a named customer company is an enterprise).
func (rd *reader) namedCustomers() {
	for i := range rd.toks {
		t := &rd.toks[i]
		if !t.word || t.base != "customer" && t.base != "client" || isPossessive(t.lower) {
			continue
		}
		j := i + 1
		switch {
		case t.plural && rd.word(j) == "such" && rd.word(j+1) == "as":
			j += 2
		case t.plural && (rd.word(j) == "like" || rd.word(j) == "including"):
			j++
		case t.plural, t.cap:
			continue // "Customer Risk Meetings": a title, not a customer's name
		case j < len(rd.toks) && rd.toks[j].isPunct(","):
			j++
		}
		rd.rememberCustomerNames(j)
	}
}

// rememberCustomerNames remembers, as customer organizations, the names of
// a list that starts at j ("Acme, Globex and Initech"): capitalized words
// the lexicon does not know (a known first name starts a person's name).
func (rd *reader) rememberCustomerNames(j int) {
	for j < len(rd.toks) {
		t := &rd.toks[j]
		if !t.word || !t.cap || t.cls != 0 || t.stemCls != 0 || rd.ours[t.lower] {
			return
		}
		first, suffixed := j, false
		for j++; j < len(rd.toks) && rd.toks[j].word && rd.toks[j].cap; j++ {
			suffixed = suffixed || rd.toks[j].is(orgSuffixes)
		}
		if !suffixed { // "Vandelay Industries" is read whole, as any such name
			remember(rd.orgs, rd.toks[first].lower)
		}
		if j < len(rd.toks) && rd.toks[j].isPunct(",") {
			j++
		}
		if w := rd.word(j); w == "and" || w == "or" {
			j++
		}
	}
}

// departmentRun tells whether the capitalized words from i name a
// department ("Product", "Global Launch Operations", "Delivery"): one of
// them is a department's word.
func (rd *reader) departmentRun(i int) bool {
	for ; i < len(rd.toks) && rd.toks[i].word && rd.toks[i].cap; i++ {
		if rd.toks[i].is(departments) || rd.toks[i].stemIs(departments) {
			return true
		}
	}
	return false
}

// readOpeningCues reads, in one of a text's first sentences, whether the
// text names itself an interview ("Q&A", "Interview with Acme") and with or
// at whom, or a case study ("Case study: Atolio") and of whom (interviewee).
func (rd *reader) readOpeningCues() {
	for i := range rd.toks {
		t := &rd.toks[i]
		if !t.word || !t.is(interviewWords) {
			continue
		}
		with := rd.word(i+1) == "with"
		rd.interview = rd.interview || t.lower == "q&a" || with
		if with {
			rd.interviewee(i + 2)
		}
	}
	if rd.interview && rd.index == 0 {
		// A title "End-User Q&A Series: Using OTel at Farfetch": whom
		// the questions are asked at.
		for i := 1; i+1 < len(rd.toks); i++ {
			if rd.word(i) == "at" && rd.toks[i+1].word && rd.toks[i+1].cap && !rd.ours[rd.toks[i+1].lower] {
				rd.interviewee(i + 1)
				break
			}
		}
	}
	// A line that names the text a story of one customer, "Case study:
	// Atolio", "CASE STUDY: Spotify", "Customer interview notes:
	// Northwind", "Account review: …", or "Litware case study": the name
	// is the customer the text is about.
	if i, ours, ok := rd.storyHeading(); ok {
		rd.ourNotes = rd.ourNotes || ours
		if t := &rd.toks[i]; t.word && !t.cap {
			// A name its owner writes in lower case ("CASE STUDY: adidas"):
			// the text's customer in lower case too.
			rd.lowerOrg = strings.Clone(t.base)
			remember(rd.orgs, t.lower)
		} else {
			rd.interviewee(i)
		}
	}
	// A story's title that opens on a name and a colon ("Modivcare:
	// Self-Service and Governance Create a Competitive Advantage"), or asks
	// how a name does something ("How Elkjøp Nordic enables self-service
	// infrastructure"), is about that organization.
	if rd.index == 0 {
		rd.titleSubject()
	}
	// A page titled "Zulip for business", "Acme for Healthcare" sells a
	// product to a market: the "you" it addresses is that market.
	if rd.index == 0 && (rd.productForMarket() || rd.whoItIsFor()) {
		rd.pitch = true
	}
	// A text titled "Personas", "Buyer personas": its names and their
	// titles are personas, roles.
	if rd.index == 0 && len(rd.toks) <= 6 && rd.namesPersonas() {
		rd.persona = true
	}
}

// namesCustomerForm tells whether the heading just read names a form a
// customer fills in, or the questions a prospect is asked: "Customer
// questionnaire", "Client intake survey", "Discovery questions".
func (rd *reader) namesCustomerForm() bool {
	customer, form, discovery, questions := false, false, false, false
	for i := range rd.toks {
		t := &rd.toks[i]
		customer = customer || t.stemIs(customerNouns)
		form = form || t.lower == "questionnaire" || t.lower == "survey" || t.lower == "intake"
		discovery = discovery || t.lower == "discovery"
		questions = questions || t.lower == "questions"
	}
	return customer && form || discovery && questions
}

// productForMarket tells whether the title just read is a product's name
// and "for" the market it is sold to, in at most six words: "Zulip for
// education", "Acme for Small Business", "Acme for developers".
func (rd *reader) productForMarket() bool {
	toks := rd.toks
	if len(toks) < 3 || len(toks) > 6 || !toks[0].word || !toks[0].cap || toks[0].cls != 0 || toks[0].stemCls != 0 || rd.word(1) != "for" {
		return false
	}
	market := false
	for _, t := range toks[2:] {
		if !t.word || t.is(secondPerson|firstPersonPlural|firstPersonSingular) {
			return false // "Thanks for your help", "Built for us"
		}
		market = market || t.is(industries) || t.stemIs(orgNouns|marketNouns|occupations|roleNouns|customerNouns)
	}
	return market // not "Git for Debian", "Configuration for VS Code"
}

// titledMarket reads, in a title that sells a product "for" a market
// (productForMarket), the words that name the market: "Zulip for
// education", "Acme for small businesses".
func (rd *reader) titledMarket() {
	if rd.word(1) != "for" {
		return // "Who Faces is for": no market named
	}
	for i := 2; i < len(rd.toks); i++ {
		if t := &rd.toks[i]; t.word && (t.is(industries) || t.stemIs(orgNouns|marketNouns|occupations|roleNouns|customerNouns)) {
			rd.add(t.start, t.end, Market)
			t.skip = true
		}
	}
}

// titleSubject reads the organization a story's title is about.
func (rd *reader) titleSubject() {
	toks := rd.toks
	start := 0
	if rd.word(0) == "how" {
		start = 1
	}
	end := start
	for end < len(toks) && end < start+3 && toks[end].word && toks[end].cap && !toks[end].allCaps && toks[end].cls == 0 && toks[end].stemCls == 0 {
		end++
	}
	if end == start || end >= len(toks) || rd.given[toks[start].lower] || rd.ours[toks[start].lower] || toks[start].plural {
		return
	}
	switch {
	case start == 0 && toks[end].isPunct(":") && end+1 < len(toks):
	case start == 1 && toks[end].word && !toks[end].cap && titleVerb(toks[end].lower):
	case start == 1 && isPossessive(toks[end-1].lower):
		// "How Northwind's IT team manages 5,000 laptops": whose team it is.
	default:
		return
	}
	// A candidate only: "Modules: CommonJS modules" titles a technical
	// page. The name is taken for an organization once the text writes it
	// capitalized inside a sentence, as a name is written.
	rd.titleName = strings.Clone(trimPossessive(toks[start].lower))
}

// storyHeading returns where the customer's name starts in a line that
// names the text a story of one customer (see readOpeningCues); ours
// tells that the text is our notes of a meeting with them or about them
// (a visit, a call, an account review, a QBR's prep), not a case study
// or an interview, where the customer speaks.
func (rd *reader) storyHeading() (at int, ours, ok bool) {
	toks := rd.toks
	first := &toks[0]
	opensOnKind := first.is(storyKinds|interviewWords) || first.stemIs(customerNouns) || first.base == "account" || accountMeetings[first.lower]
	for v := 0; v <= 1 && v+2 < len(toks); v++ {
		if meetingWithOne(&toks[v], &toks[v+1], &toks[v+2]) {
			// A visit's or a call's notes: "Visit to Northwind Traders",
			// "Site visit at Contoso", "Discovery call with Greenfield
			// Dairy", "Call with Hannah Ortiz".
			return v + 2, true, true
		}
	}
	for c := 1; c+1 < len(toks) && c <= 4; c++ {
		if !toks[c].isPunct(":") {
			if !toks[c].word {
				break
			}
			continue
		}
		if toks[c-1].base == "visit" && c <= 3 && toks[c+1].word && toks[c+1].cap && isPossessive(toks[c+1].lower) {
			return c + 1, true, true // "Field visit: Northwind's Rotterdam depot"
		}
		if c <= 3 && meetingKind(&toks[c-1]) && meetingName(&toks[c+1]) && onlyNames(toks[c+1:]) && !meetingParts[toks[c+1].lower] {
			return c + 1, true, true // "Discovery call: Harbor Freight Logistics", "Site visit: Contoso"
		}
		if !opensOnKind || !toks[c+1].word || !rd.namesAStory(0, c) {
			return 0, false, false
		}
		if toks[c-1].is(storyWords) || accountPapers[toks[c-1].lower] {
			// "Case study: Atolio is happy", "Account review: Contoso",
			// "Customer spotlight: how Kestrel Health cut pages by 60%".
			at := c + 1
			if toks[at].lower == "how" && at+1 < len(toks) && toks[at+1].word && toks[at+1].cap {
				at++
			}
			if !toks[at].cap && at+1 < len(toks) {
				return 0, false, false // a phrase, not a name written in lower case ("CASE STUDY: adidas")
			}
			return at, accountPapers[toks[c-1].lower], true
		}
		// After an interview's kind, only a name: "Customer interview
		// notes: Northwind", not "End-User Q&A Series: Using OTel at …".
		for i := c + 1; i < len(toks); i++ {
			if !toks[i].word || !toks[i].cap || i > c+4 {
				return 0, false, false
			}
		}
		return c + 1, accountMeetings[first.lower], true // "QBR prep: Tailspin Toys"
	}
	// "Litware case study": a name, then the kind of story, and nothing
	// else ("Writing a case study" is no name).
	n := len(toks)
	if n < 3 || n > 6 || !rd.namesAStory(n-2, n) {
		return 0, false, false
	}
	for i := 0; i < n-2; i++ {
		if t := &toks[i]; !t.word || !t.cap || t.cls != 0 || t.stemCls != 0 {
			return 0, false, false
		}
	}
	return 0, rd.toks[n-2].base == "account", true // "Contoso account review"
}

// meetingWithOne tells whether the words kind, with, name head the notes
// of a meeting with one customer: a visit, a call or a meeting, then "to",
// "at" or "with", then a name the lexicon does not know as a word.
func meetingWithOne(kind, with, name *token) bool {
	switch with.lower {
	case "to", "at", "with":
		return meetingKind(kind) && meetingName(name)
	}
	return false
}

// meetingKind tells whether the word is a kind of meeting with a
// customer: a visit, a call or a meeting.
func meetingKind(kind *token) bool {
	switch kind.base {
	case "visit", "call", "meeting":
		return true
	}
	return false
}

// meetingName tells whether the word may be the name of whom a meeting
// is with: capitalized, and either a word the lexicon does not know or a
// first name.
func meetingName(name *token) bool {
	return name.word && name.cap && (name.cls == 0 && name.stemCls == 0 || name.is(firstNames))
}

// meetingParts are what a meeting's notes are headed with after a colon
// that is no one's name: "Weekly meeting: Agenda" (a set of their own, as
// protocolNames).
var meetingParts = wordSet(`agenda notes minutes summary recap prep
	preparation follow-up followup actions action outcomes decisions
	attendees questions topics goals overview template checklist debrief
	retro retrospective review update updates status plan planning sync
	kickoff next`)

// onlyNames tells whether the words are a name and nothing else: up to
// four capitalized words.
func onlyNames(toks []token) bool {
	for i, t := range toks {
		if !t.word || !t.cap || i >= 4 {
			return false
		}
	}
	return len(toks) > 0
}

// namesAStory tells whether the words from..to hold the kind of a story of
// one customer: "case study", "customer story", "account review", an
// interview of a customer or user ("Customer interview notes"), or a
// meeting with one customer ("QBR prep").
func (rd *reader) namesAStory(from, to int) bool {
	customer, interview, meeting := false, false, false
	for i := from; i < to; i++ {
		t := &rd.toks[i]
		if i+1 < to && (t.is(storyKinds) && rd.toks[i+1].is(storyWords) ||
			t.base == "account" && accountPapers[rd.toks[i+1].lower]) {
			return true
		}
		customer = customer || t.stemIs(customerNouns)
		interview = interview || t.is(interviewWords)
		meeting = meeting || accountMeetings[t.lower]
	}
	return customer && interview || meeting
}

// accountMeetings name a meeting with one customer's people, whose notes
// are headed with the customer's name: "QBR prep: Tailspin Toys" (a set of
// its own, as protocolNames).
var accountMeetings = wordSet(`qbr qbrs ebr ebrs`)

// accountPapers after "account" name a text about one customer: "Account
// review: Contoso", "Account plan: Contoso" (a set of its own, as
// protocolNames).
var accountPapers = wordSet(`review reviews plan plans`)

// titleVerb tells whether w can be the verb of a story's title after the
// customer's name: "How Acme uses …", "How Acme reduced …", "How Acme cut
// …".
func titleVerb(w string) bool {
	return strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ed") || irregularPast[w]
}

// irregularPast are the past forms, not ending in "ed", of verbs a story's
// title tells a customer's result with (a set of its own, as
// protocolNames).
var irregularPast = wordSet(`cut built grew made won took kept got brought
	chose found went ran rebuilt`)

// whoItIsFor tells whether the title just read says whom a product is for:
// "Who Faces is for", "Who we build for", "Who we serve".
func (rd *reader) whoItIsFor() bool {
	n := len(rd.toks)
	if n < 2 || n > 7 || rd.word(0) != "who" {
		return false
	}
	last := rd.word(n - 1)
	return last == "for" || n <= 4 && (last == "serve" || last == "help")
}

// namesPersonas tells whether the sentence has the word "persona(s)".
func (rd *reader) namesPersonas() bool {
	for i := range rd.toks {
		if rd.toks[i].word && rd.toks[i].base == "persona" {
			return true
		}
	}
	return false
}

// isHeading tells whether a short line is a heading in title case, where
// capital letters say nothing about names.
func isHeading(toks []token, words, caps int) bool {
	if words < 2 || words > 12 {
		return false
	}
	if last := toks[len(toks)-1]; !last.word && last.isPunct(".") {
		return caps*10 >= words*7
	}
	return caps*2 >= words
}

// isShouted tells whether a sentence is written in capitals throughout
// ("THE SOFTWARE IS PROVIDED AS IS"), where, as in a heading, capitals say
// nothing about names.
func isShouted(words, shouted int) bool {
	return shouted >= 4 && shouted*5 >= words*4
}

// ownOrganization remembers the capitalized name the writer places
// themself in ("at PostHog, we…", "when we pivoted to PostHog"): it is
// ours, never a customer.
func (rd *reader) ownOrganization() {
	if !rd.writerSpeaks() {
		return
	}
	for i := 1; i < len(rd.toks); i++ {
		t := rd.toks[i]
		pivot := rd.word(i-1) == "to" && rd.is(i-2, pivotVerbs)
		if t.word && t.cap && !t.is(firstNames) && !rd.orgs[t.lower] && (rd.is(i-1, ownOrgCues) || pivot) {
			remember(rd.ours, t.lower)
		}
	}
}

// knowTheirs remembers the names of whom the text is about
// (Analyzer.Names): a person's words as a customer's person's, a
// company's first word that no list knows as a customer organization's.
// A word that is one of ours stays ours.
func (rd *reader) knowTheirs(names []string, about Subject) {
	for _, name := range names {
		for _, w := range wordsOf(name) {
			if rd.ours[w] {
				break
			}
			if about == AboutAPerson {
				remember(rd.people, w)
				continue
			}
			if about == AboutACompany && lexiconTable.getHashed(w, hashWord(w)).cls == 0 {
				remember(rd.orgs, w)
				break
			}
		}
	}
}

// knowPeople remembers the words of the customer's people's names as
// theirs and our colleagues' first names as ours (Analyzer.People and
// Colleagues): "Kofi: we lose 20 minutes", "Jo to send pricing".
func (rd *reader) knowPeople(people, colleagues []string) {
	for _, name := range people {
		for _, w := range wordsOf(name) {
			if !rd.ours[w] {
				remember(rd.people, w)
			}
		}
	}
	for _, name := range colleagues {
		if w := wordsOf(name); len(w) > 0 && !rd.people[w[0]] && !rd.orgs[w[0]] {
			remember(rd.ours, w[0])
		}
	}
}

// knowCustomerKinds takes the organization's words for its customers
// (see Analyzer.Customers).
func (rd *reader) knowCustomerKinds(kinds []string) {
	for _, kind := range kinds {
		words := wordsOf(kind)
		if len(words) == 0 {
			continue
		}
		if rd.customerKinds == nil {
			rd.customerKinds = map[string][][]string{}
		}
		head, _ := stem(words[len(words)-1])
		rd.customerKinds[head] = append(rd.customerKinds[head], words[:len(words)-1])
	}
}

// readCustomerKind reads the word at i as a word for customers when it is
// one of the organization's own (a phrase's last word, after the others):
// a customer noun, and no longer a colleague ("partners", when the
// organization's customers are its partners).
func (rd *reader) readCustomerKind(i int) {
	t := &rd.toks[i]
	for _, before := range rd.customerKinds[t.base] {
		if !rd.preceded(i, before) {
			continue
		}
		t.cls = t.cls&^colleagueNouns | customerNouns
		t.stemCls = t.stemCls&^colleagueNouns | customerNouns
		return
	}
}

// preceded tells whether the words just before i are words, in order.
func (rd *reader) preceded(i int, words []string) bool {
	j := i - len(words)
	if j < 0 {
		return false
	}
	for k, w := range words {
		if t := &rd.toks[j+k]; !t.word || t.lower != w {
			return false
		}
	}
	return true
}

// knowOurs takes the words of our own names as ours (see Analyzer.Ours).
func (rd *reader) knowOurs(names []string) {
	for _, name := range names {
		for _, w := range wordsOf(name) {
			remember(rd.ours, w)
			remember(rd.given, w)
		}
	}
}
