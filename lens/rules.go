package lens

import (
	"bufio"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// reader carries what one document has established so far: the customer
// referents of the previous sentence (for pronouns), the names introduced
// as personas, and whether a customer's quote is open.
type reader struct {
	br       *bufio.Reader // reused from document to document
	paraBuf  []byte        // the paragraph being read, reused likewise
	para     string        // it, as read (aliases paraBuf)
	paraBase int           // its byte offset in the input
	// lowerBuf holds the paragraph's words that are not in lower case
	// already, lower-cased at their offsets (tokenize). The next paragraph
	// overwrites it: a word kept past its paragraph (a map's key) must be
	// cloned.
	lowerBuf []byte
	toks     []token
	found    []Mention
	prev     referents // of the previous sentence that can be pointed back to
	personas map[string]bool
	people   map[string]bool // names already read as customers
	orgs     map[string]bool // capitalized names read as customer organizations
	ours     map[string]bool // names read as ours: colleagues, our organization, our products
	lowerOrg string          // a customer organization whose name is written in lower case ("adidas")
	// titleName is the name a story's title opens on ("Modivcare: …"),
	// an organization once the text writes it as a name (titleSubject).
	titleName string
	given     map[string]bool // the words of the names given as ours (Analyzer.Ours)
	inQuote   bool            // inside a quote attributed to a customer
	// interview tells that the text has named itself an interview at its
	// top ("Interview with Acme", "Q&A"; "interviews with customers" in a
	// handbook's body does not). Its questions on lines of their own that
	// say "you" ("How did you transition?") are the interviewer's, asking
	// the one interviewed (interviewing: the sentence is one); the text
	// after them is the answer (answering), where "we" and "I" are the one
	// interviewed. Without the name, such questions are an FAQ's or a
	// handbook's ("Why should you care?"), answered by the writer.
	interview    bool
	interviewing bool
	answering    bool
	credits      int // change-log credits so far (credit)
	// The learned scorer's part: the model (nil: the rules decide alone),
	// the features of the current sentence, and what it needs to remember.
	model      *Model
	memo       wordMemo                  // the words met so far, classified; kept between documents
	collect    func(Sentence, []feature) // training: receives every sentence's features
	feats      []feature
	z          [numLevels]float32     // the model's score of the sentence, per level
	anchored   []anchoredWeights      // the weights of the sentence's features read from a word
	tokZ       [64][numLevels]float32 // the part of the score each word's features gave, when asked
	prevRules  LevelSet               // what the rules found in the previous sentence
	section    LevelSet               // the levels given since the last heading
	prevLevels LevelSet               // the levels the previous sentence was given, the model's included
	index      int                    // sentences read so far
	docLevels  Counts                 // sentences so far given each level, the model's reading included
	seenCaps   map[string]*int        // capitalized words outside the lexicon, and how often
	persona    bool                   // the document has introduced a persona
	customer   bool                   // the document has referred to customers
	// sinceCustomer counts the sentences since the last one that referred
	// to a customer.
	sinceCustomer int
	past          bool // the sentence narrates the past
	instances     int  // references to particular customers so far
	pitch         bool // the text sells a product to a market ("Zulip for education")
	toCustomer    bool // the text goes on as a form a customer fills in ("Customer questionnaire")
	// accounts: the text has spoken of account managers or account
	// management, so the partners it names are the accounts they manage
	// (partnersAsClients).
	accounts bool
	quoted   bool // the sentence has quotation marks
	// openBefore tells, for each token of the sentence, whether a quote is
	// open before it; quotesRead, whether it has been read (quotedAt).
	openBefore []bool
	quotesRead bool
	speaker    bool // the sentence has a first-person word
	listItem   bool // the sentence is a list's item ("- Healthcare")
	// underTeam tells that the last heading named one of our teams
	// ("Leadership", "Mobile Team"): the names listed under it are ours.
	underTeam bool
	// titled is the index in found of a singular title in this sentence
	// that a later she/he shows to be one person, or -1.
	titled int
	// addressee is the level of the last particular customer referent
	// (enterprise or person), whom a quoted "you" addresses; -1 if none.
	addressee int
}

// isListItem tells whether the sentence at offset off of the paragraph
// opens a line after a list's bullet ("- Healthcare"), which the
// segmenter leaves out of the sentence.
func isListItem(para string, off int) bool {
	j := off
	for j > 0 && (para[j-1] == ' ' || para[j-1] == '\t') {
		j--
	}
	bullet := 0
	switch {
	case j > 0 && (para[j-1] == '-' || para[j-1] == '*'):
		bullet = 1
	case strings.HasSuffix(para[:j], "•"):
		bullet = len("•")
	default:
		return false
	}
	j -= bullet
	for j > 0 && (para[j-1] == ' ' || para[j-1] == '\t') {
		j--
	}
	return j == 0 || para[j-1] == '\n'
}

// referents records which kinds of customer referent a sentence offers to
// the pronouns of the next one.
type referents struct {
	plural   Level // level of the last plural or collective referent
	hasPlur  bool
	singular Level // level of the last single human referent (person, or a persona's role)
	hasSing  bool
}

func newReader() *reader {
	return &reader{personas: map[string]bool{}, people: map[string]bool{},
		orgs: map[string]bool{}, ours: map[string]bool{}, given: map[string]bool{}, addressee: -1,
		seenCaps: map[string]*int{}}
}

// readers keeps readers between documents: a folder of small files would
// otherwise spend as much on a new reader's buffers and maps as on reading.
var readers = sync.Pool{New: func() any { return newReader() }}

// getReader returns a reader that has read nothing, set to use model.
func getReader(model *Model) *reader {
	rd := readers.Get().(*reader)
	rd.model = model
	return rd
}

// putReader forgets what the reader learned of its document, keeping its
// buffers, and gives it back for the next document.
func putReader(rd *reader) {
	for _, m := range []*map[string]bool{&rd.personas, &rd.people, &rd.orgs, &rd.ours, &rd.given} {
		*m = emptied(*m)
	}
	rd.seenCaps = emptied(rd.seenCaps)
	*rd = reader{
		br: rd.br, paraBuf: rd.paraBuf, memo: rd.memo,
		lowerBuf: kept(rd.lowerBuf, 256<<10), toks: kept(rd.toks, 4096), found: kept(rd.found, 1024),
		feats: kept(rd.feats, 4096), anchored: kept(rd.anchored, 4096), openBefore: kept(rd.openBefore, 4096),
		personas: rd.personas, people: rd.people, orgs: rd.orgs, ours: rd.ours, given: rd.given, seenCaps: rd.seenCaps,
		addressee: -1,
	}
	readers.Put(rd)
}

// kept returns a buffer emptied for the next document, or nil when a huge
// sentence grew it past n elements, more than is worth holding on to
// between documents (a sentence of a million bytes has 200,000 tokens of
// 112 bytes).
func kept[T any](s []T, n int) []T {
	if cap(s) > n {
		return nil
	}
	return s[:0]
}

// emptied clears a map for the next document, or lets a huge document's
// go: clearing costs its capacity, however few the next one holds.
func emptied[V any](m map[string]V) map[string]V {
	if len(m) > 1024 {
		return map[string]V{}
	}
	clear(m)
	return m
}

// paragraph analyzes one paragraph that starts at byte offset base of the
// input and emits its sentences.
//
// The paragraph is read in place from the reader's buffer, which the next
// paragraph overwrites: what outlives it (a mention's text, a map's key)
// is copied.
func (rd *reader) paragraph(b []byte, base int, emit func(Sentence, []Mention)) {
	text := unsafe.String(unsafe.SliceData(b), len(b))
	if cap(rd.lowerBuf) < len(b) {
		rd.lowerBuf = make([]byte, len(b), len(b)+len(b)/4)
	}
	rd.lowerBuf = rd.lowerBuf[:len(b)]
	rd.para, rd.paraBase = text, base
	splitSentences(text, func(sp span) {
		s := rd.sentence(text[sp.start:sp.end], base+sp.start)
		emit(s, rd.found)
	})
}

// sentence reads one sentence starting at byte offset base and returns it
// with rd.found holding its mentions.
func (rd *reader) sentence(text string, base int) Sentence {
	off := base - rd.paraBase
	rd.toks = tokenize(text, rd.lowerBuf[off:off+len(text)], base, rd.toks[:0])
	rd.past, rd.quoted, rd.speaker, rd.quotesRead = false, false, false, false
	rd.listItem = isListItem(rd.para, off)
	negated, colon, senses, titles, named := false, false, false, false, false
	words, caps, shouted := 0, 0, 0
	for i := range rd.toks {
		t := &rd.toks[i]
		if t.word {
			words++
			if t.cap {
				caps++
			}
			if t.allCaps {
				shouted++
			}
			rd.memo.classify(t, rd.model)
			if rd.accounts || (t.base == "manager" || t.base == "management") && i > 0 {
				rd.partnersAsClients(i)
			}
			senses = senses || t.mayChangeSense()
			titles = titles || t.stemIs(roleNouns)
			rd.past = rd.past || t.is(pastCues)
			negated = negated || t.is(negations)
			rd.speaker = rd.speaker || t.is(firstPersonPlural|firstPersonSingular)
			named = named || t.stemIs(customerNouns) && (t.base == "customer" || t.base == "client")
		} else {
			rd.quoted = rd.quoted || t.isPunct("“”\"")
			colon = colon || t.punct == ':'
		}
	}
	if rd.index < 3 {
		rd.readOpeningCues() // once every word is classified
	}
	// "Many have never visited a customer" narrates no particular one.
	rd.past = rd.past && !negated
	if senses {
		rd.settleSenses()
	}
	rd.found = rd.found[:0]
	rd.titled = -1
	s := Sentence{Start: base, End: base + len(text)}
	var cur referents
	heading := isHeading(rd.toks, words, caps) || isShouted(words, shouted)
	if (heading || words <= 3 && caps == words) && !rd.listItem {
		rd.underTeam = rd.namesATeam() // a heading, or a short title line ("Leadership")
		if words <= 4 && rd.namesPersonas() {
			rd.persona = true // "User Personas": what follows introduces personas
		}
		if words <= 4 && rd.namesCustomerForm() {
			rd.toCustomer = true // "Customer questionnaire": what follows asks the customer
		}
	}
	// A question on a line of its own is the interviewer's, not the answer.
	question := strings.HasSuffix(text, "?") && rd.aloneOnLine(off, len(text))
	answering := rd.answering
	if question {
		rd.answering = false
	}
	second := question && rd.asksYou()
	rd.interviewing = second && rd.interview
	if colon && rd.attribution(&cur) {
		rd.inQuote = true
	}
	rd.ownOrganization()
	if !rd.quoted && caps > 0 && strings.IndexByte(text, ')') >= 0 {
		rd.credit()
	}
	if titles {
		rd.appositions(&cur) // a title of a company: "CEO of Acme"
	}
	rd.saidBy()
	if named {
		rd.namedCustomers()
	}
	for i := range rd.toks {
		t := &rd.toks[i]
		if !t.word || t.skip {
			continue
		}
		lvl, ok, plural := rd.classify(i, heading, &cur)
		if ok {
			rd.add(t.start, t.end, lvl)
			if lvl == Person && rd.listedAfterName(i) {
				plural = true // "Frank, Susan and Lily": they are people
			}
			if plural {
				cur.plural, cur.hasPlur = lvl, true
			} else if lvl == Person || lvl == Role && rd.personas[t.lower] {
				cur.singular, cur.hasSing = lvl, true
			} else if lvl != Person {
				cur.plural, cur.hasPlur = lvl, true
			}
		}
		if t.is(firstPersonPlural) && !rd.customerSpeaks() {
			s.Us = true
		}
	}
	sortMentions(rd.found)
	for _, m := range rd.found {
		s.Levels = s.Levels.Add(m.Level)
	}
	if rd.model != nil || rd.collect != nil {
		rd.features(sentenceFacts{text: text, rules: s.Levels, heading: heading, us: s.Us,
			words: words, index: rd.index, customer: rd.customer})
		rd.rememberCaps(heading)
	}
	rd.index++
	rd.updateQuote(text)
	if question {
		rd.answering = rd.answeringAfter(answering, second)
	}
	for _, m := range rd.found {
		if m.Level == Enterprise || m.Level == Person {
			rd.addressee = int(m.Level)
		}
	}
	if len(rd.found) > 0 {
		rd.customer = true
		rd.sinceCustomer = 0
	} else {
		rd.sinceCustomer++
	}
	// Headings and bare list intros ending in ":" are skipped when finding
	// the previous sentence a pronoun points back to.
	if !heading && !strings.HasSuffix(text, ":") {
		rd.prev = cur
	} else if cur.hasPlur || cur.hasSing {
		rd.prev = cur
	}
	rd.prevRules = s.Levels
	if rd.collect != nil {
		rd.collect(s, rd.feats)
	}
	if rd.model != nil {
		s.Levels = rd.model.decide(s.Levels, rd)
	}
	for _, l := range Levels {
		if s.Levels.Has(l) {
			rd.docLevels[l]++
		}
	}
	if heading {
		rd.section = 0
	}
	rd.section |= s.Levels
	rd.prevLevels = s.Levels
	return s
}

func (rd *reader) add(start, end int, l Level) {
	text := strings.Clone(rd.para[start-rd.paraBase : end-rd.paraBase])
	rd.found = append(rd.found, Mention{Start: start, End: end, Level: l, Text: text})
}

// attribution reads a line that opens with "Name Surname, Title, Company:"
// followed by a quote, as testimonials and interview notes are written:
// the name is a person and the company an enterprise, and what follows is
// the customer speaking.
func (rd *reader) attribution(cur *referents) bool {
	toks := rd.toks
	colon, commas := -1, []int{}
	for i, t := range toks {
		if t.isPunct(",") {
			commas = append(commas, i)
		}
		if t.isPunct(":") {
			colon = i
			break
		}
		if t.isPunct(".!?“\"") || i > 16 {
			return false
		}
	}
	if colon < 0 || len(commas) < 2 || colon+1 >= len(toks) || !toks[colon+1].isPunct("“\"") {
		return false
	}
	last := commas[len(commas)-1]
	if commas[0] == 0 || last+1 >= colon {
		return false
	}
	for i := 0; i < commas[0]; i++ {
		if !toks[i].word || !toks[i].cap {
			return false
		}
	}
	for i := 0; i < colon; i++ {
		toks[i].skip = true
	}
	rd.add(toks[0].start, toks[commas[0]-1].end, Person)
	for i := 0; i < commas[0]; i++ {
		rd.people[strings.Clone(toks[i].lower)] = true
	}
	// The company is an enterprise even when unnamed ("Unknown").
	rd.add(toks[last+1].start, toks[colon-1].end, Enterprise)
	if toks[last+1].lower != "unknown" {
		rd.orgs[strings.Clone(toks[last+1].lower)] = true
	}
	cur.singular, cur.hasSing = Person, true
	return true
}

// appositions reads "Evan Sosenko, Co-founder and CTO of PureSkill.gg" and
// "the CTO of Acme": a title beside a name describes that person rather
// than a role, and a capitalized name after "of" or "at" a title is the
// customer's organization, remembered for the rest of the document.
func (rd *reader) appositions(cur *referents) {
	toks := rd.toks
	for i := 1; i+1 < len(toks); i++ {
		w := toks[i].lower
		if (w != "of" && w != "at") || !toks[i+1].word || !toks[i+1].cap {
			continue
		}
		if !toks[i-1].stemIs(roleNouns) {
			continue
		}
		if rd.is(i-2, ourSideModifiers) || rd.ours[toks[i+1].lower] || rd.departmentRun(i+1) {
			continue // "Head of Product", "Head of Global Launch Operations": a department, not a company
		}
		if rd.firstPerson() && !rd.besideName(i-1) && !rd.orgs[toks[i+1].lower] {
			rd.ours[strings.Clone(toks[i+1].lower)] = true // "as CEO of PostHog, I…"
			continue
		}
		rd.orgs[strings.Clone(toks[i+1].lower)] = true
	}
}

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

// updateQuote closes the customer's quote once its closing mark is read.
func (rd *reader) updateQuote(text string) {
	if !rd.inQuote {
		return
	}
	closeAt := strings.LastIndexAny(text, "”\"")
	if closeAt < 0 {
		return
	}
	// A line that opens a quote and closes it keeps it open only when the
	// last mark is an opening one.
	if strings.LastIndex(text, "“") < closeAt {
		rd.inQuote = false
	}
}

// aloneOnLine tells whether the sentence at offset off in the paragraph,
// n bytes long, is all of its line.
func (rd *reader) aloneOnLine(off, n int) bool {
	before := strings.TrimRight(rd.para[:off], " \t")
	after := strings.TrimLeft(rd.para[off+n:], " \t\r")
	return (before == "" || before[len(before)-1] == '\n') && (after == "" || after[0] == '\n')
}

// answeringAfter tells whether the text after a question on a line of its
// own is an interview's answer (answering: whether the text before it
// was). In an interview, a question that asks "you" opens an answer by the
// one asked; one asked in the first person ("How do I …?", an FAQ) opens
// an answer by the writer; any other keeps the answer going.
func (rd *reader) answeringAfter(answering, second bool) bool {
	switch {
	case second:
		return rd.interview
	case rd.speaker:
		return false
	}
	return answering
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
	// A line that opens "Case study: Atolio", "CASE STUDY: Spotify",
	// "Customer story: …": the name after the colon is the customer the
	// text is about.
	if len(rd.toks) > 3 && rd.toks[0].is(storyKinds) && rd.toks[1].is(storyWords) && rd.toks[2].isPunct(":") {
		if t := &rd.toks[3]; t.word && !t.cap {
			// A name its owner writes in lower case ("CASE STUDY: adidas"):
			// the text's customer in lower case too.
			rd.lowerOrg = strings.Clone(t.base)
			remember(rd.orgs, t.lower)
		} else {
			rd.interviewee(3)
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
	if rd.index == 0 && rd.productForMarket() {
		rd.pitch = true
	}
	// A text titled "Personas", "Buyer personas": its names and their
	// titles are personas, roles.
	if rd.index == 0 && len(rd.toks) <= 6 && rd.namesPersonas() {
		rd.persona = true
	}
}

// namesCustomerForm tells whether the heading just read names a form a
// customer fills in: "Customer questionnaire", "Client intake survey".
func (rd *reader) namesCustomerForm() bool {
	customer, form := false, false
	for i := range rd.toks {
		t := &rd.toks[i]
		customer = customer || t.stemIs(customerNouns)
		form = form || t.lower == "questionnaire" || t.lower == "survey" || t.lower == "intake"
	}
	return customer && form
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
	case start == 1 && toks[end].word && !toks[end].cap && strings.HasSuffix(toks[end].lower, "s"):
	default:
		return
	}
	// A candidate only: "Modules: CommonJS modules" titles a technical
	// page. The name is taken for an organization once the text writes it
	// capitalized inside a sentence, as a name is written.
	rd.titleName = strings.Clone(toks[start].lower)
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

// storyKinds and storyWords name a text a customer's story: "case study",
// "customer story", "success story", "customer spotlight".
var (
	storyKinds = newClass(`case customer success`)
	storyWords = newClass(`study story spotlight`)
)

// asksYou tells whether the sentence says "you".
func (rd *reader) asksYou() bool {
	for i := range rd.toks {
		if rd.toks[i].word && rd.toks[i].is(secondPerson) {
			return true
		}
	}
	return false
}

// interviewee remembers the capitalized name at i, after "Interview with"
// or "Case study:", as the customer interviewed or the story is about, for
// the rest of the document: a person
// when it is a given name and more ("Interview with Jill Chen"), else an
// organization ("Interview with DigitalOcean").
func (rd *reader) interviewee(i int) {
	end := i
	for end < len(rd.toks) && end < i+4 && rd.toks[end].word && rd.toks[end].cap && !rd.given[rd.toks[end].lower] {
		end++
	}
	if end == i {
		return
	}
	if rd.toks[i].is(firstNames) && end > i+1 {
		for k := i; k < end; k++ {
			remember(rd.people, rd.toks[k].lower)
		}
		return
	}
	// An organization is known by its first word, as in an attribution
	// line, so that "Northwind Traders" is one reference.
	remember(rd.orgs, rd.toks[i].lower)
}

// interviewWords name a text an interview: "Q&A", or "interview(s)" with
// whom.
var interviewWords = newClass(`interview interviews q&a`)

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

// saidBy reads "“…,” said Evan" and "Evan said: “…”": when the speaker is a
// known customer, the quote is the customer speaking.
func (rd *reader) saidBy() {
	if !rd.quoted {
		return
	}
	for i, t := range rd.toks {
		if !t.word || !t.cap || !rd.is(i-1, speechVerbs) && !rd.is(i+1, speechVerbs) {
			continue
		}
		if !rd.people[t.lower] && !rd.speakerNamed(i) {
			continue
		}
		rd.inQuote = true
		return
	}
}

// speakerNamed tells whether the capitalized word at i, beside a verb of
// speech in a quoted sentence ("says Chakrabarti", "Gareth says"), is the
// name of a customer quoted in a text about customers, and remembers it
// as one: a word no list knows, not ours, nor an organization.
func (rd *reader) speakerNamed(i int) bool {
	t := &rd.toks[i]
	if !rd.customer || t.allCaps || t.cls != 0 || t.stemCls != 0 || rd.ours[t.lower] || rd.orgs[t.lower] || rd.colleague(i) {
		return false
	}
	remember(rd.people, t.lower)
	return true
}

var speechVerbs = newClass(`said says told tells explains explained adds added recalls recalled`)

// firstPerson tells whether the sentence is told by the writer ("I", "we")
// outside a customer's quote.
func (rd *reader) firstPerson() bool {
	return rd.speaker && !rd.customerSpeaks()
}

// customerSpeaks tells whether the words are a customer's own: in a quote
// attributed to one, or answering an interview's question.
func (rd *reader) customerSpeaks() bool { return rd.inQuote || rd.answering }

// ownOrganization remembers the capitalized name the writer places
// themself in ("at PostHog, we…", "when we pivoted to PostHog"): it is
// ours, never a customer.
func (rd *reader) ownOrganization() {
	if !rd.firstPerson() {
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

// credit reads a change log's credits: a name in parentheses that ends
// its line, perhaps followed by a reference ("- fix the parser (Jane Doe)
// #1234"), names who made the change: one of the writer's own
// contributors, never a customer, here or later in the text. Without a
// reference after it, the shape must have come twice before in the text:
// prose rarely ends a line with a name in parentheses, a change log does
// on every line.
func (rd *reader) credit() {
	toks := rd.toks
	for j := 2; j < len(toks); j++ {
		if !toks[j].isPunct(")") {
			continue
		}
		k := j - 1
		for k > 0 && j-k <= 4 && toks[k].word && toks[k].cap {
			k--
		}
		if k == 0 || k == j-1 || !toks[k].isPunct("(") || !rd.creditedName(k+1, j) {
			continue
		}
		ref, ok := rd.restOfLine(toks[j].end)
		if !ok {
			continue
		}
		rd.credits++
		if !ref && rd.credits <= 2 {
			continue
		}
		for i := k + 1; i < j; i++ {
			toks[i].skip = true
			remember(rd.ours, toks[i].lower)
		}
	}
}

// creditedName tells whether the capitalized words from i to j (not
// included) can be who made a change: they start with a given name ("Ben
// Noordhuis", "Steven") and hold no title ("Jane Doe (CTO)" is an
// attendee list's).
func (rd *reader) creditedName(i, j int) bool {
	if !rd.toks[i].is(firstNames) {
		return false
	}
	for k := i; k < j; k++ {
		if rd.toks[k].stemIs(roleNouns) {
			return false
		}
	}
	return true
}

// restOfLine tells whether the rest of the line after byte offset end (in
// the input) holds no letter (ok), and whether it holds a reference such
// as "#1234" (ref).
func (rd *reader) restOfLine(end int) (ref, ok bool) {
	rest := rd.para[end-rd.paraBase:]
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= utf8.RuneSelf:
			return false, false
		case c == '#' && i+1 < len(rest) && isDigit(rest[i+1]):
			ref = true
		}
	}
	return ref, true
}

var ownOrgCues = newClass(`at join joined joining started starting founded
	founding built building`)

var pivotVerbs = newClass(`pivoted pivot moved switched came`)

// sortMentions orders a sentence's few mentions by where they start (a
// name's mention is added at its last word, after the words inside it).
func sortMentions(ms []Mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Start < ms[j-1].Start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
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

// remember adds a word to one of the document's sets. Words are slices of
// a reused buffer (see lowerWord), so the set keeps its own copy.
func remember(set map[string]bool, w string) {
	if !set[w] {
		set[strings.Clone(w)] = true
	}
}
