package lens

import (
	"bufio"
	"strings"
	"sync"
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
	// lineSpeaker: the line opened with a customer's name and a colon
	// (speakerLine); what it says is theirs.
	lineSpeaker bool
	theirWords  bool // the whole text is the customer's own words (Analyzer.TheirWords)
	// customerKinds are the organization's own words for its customers
	// (Analyzer.Customers), by the stem of their last word, with the words
	// that must come before it ("auction house": "house" after "auction").
	customerKinds map[string][][]string
	// interview tells that the text has named itself an interview at its
	// top ("Interview with Acme", "Q&A"; "interviews with customers" in a
	// handbook's body does not). Its questions on lines of their own that
	// say "you" ("How did you transition?") are the interviewer's, asking
	// the one interviewed (interviewing: the sentence is one); the text
	// after them is the answer (answering), where "we" and "I" are the one
	// interviewed. Without the name, such questions are an FAQ's or a
	// handbook's ("Why should you care?"), answered by the writer.
	interview    bool
	meetsUsers   bool // the text has spoken of interviews or feedback sessions with users
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
	about      Subject                // whom the text is about, as its caller knows (Analyzer.About)
	// sinceCustomer counts the sentences since the last one that referred
	// to a customer.
	sinceCustomer int
	past          bool // the sentence narrates the past
	customerWords bool // the sentence has a word for customers ("customers", "users", "the market")
	instances     int  // references to particular customers so far
	procedure     bool // a sentence so far was a step told to the reader (isStep)
	pitch         bool // the text sells a product to a market ("Zulip for education")
	toCustomer    bool // the text goes on as a form a customer fills in ("Customer questionnaire")
	toStaff       bool // the text welcomes a new colleague ("your first day", "your buddy")
	ourNotes      bool // the text is our notes of a meeting with one customer ("Visit to Northwind"; storyHeading)
	// held are the sentences of a quote that opened a line with no one
	// to say it, kept back until the line after it says whose it is
	// (deliver); heldOpen: the quote has not closed yet.
	held     []heldSentence
	heldOpen bool
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
		rd.deliver(s, emit)
	})
}

// sentence reads one sentence starting at byte offset base and returns it
// with rd.found holding its mentions.
func (rd *reader) sentence(text string, base int) Sentence {
	off := base - rd.paraBase
	rd.toks = tokenize(text, rd.lowerBuf[off:off+len(text)], base, rd.toks[:0])
	rd.past, rd.quoted, rd.speaker, rd.quotesRead = false, false, false, false
	rd.listItem = isListItem(rd.para, off)
	colon, senses, named := false, false, false
	var all, allStems class // every class a word of the sentence is in, and its stem
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
			if len(rd.customerKinds) > 0 {
				rd.readCustomerKind(i)
			}
			if rd.accounts || (t.base == "manager" || t.base == "management") && i > 0 {
				rd.partnersAsClients(i)
			}
			senses = senses || t.mayChangeSense()
			all, allStems = all|t.cls, allStems|t.stemCls
			named = named || t.stemIs(customerNouns) && (t.base == "customer" || t.base == "client")
		} else {
			rd.quoted = rd.quoted || t.isPunct("“”\"")
			colon = colon || t.punct == ':'
		}
	}
	titles := allStems&roleNouns != 0
	rd.customerWords = allStems&(customerNouns|marketNouns) != 0
	rd.speaker = all&(firstPersonPlural|firstPersonSingular) != 0
	// "Many have never visited a customer" narrates no particular one.
	rd.past = all&pastCues != 0 && all&negations == 0
	rd.meetsUsers = rd.meetsUsers || all&interviewWords != 0 || allStems&customerNouns != 0 && rd.speaksOfFeedback()
	if rd.index < 3 {
		rd.readOpeningCues() // once every word is classified
	}
	if senses {
		rd.settleSenses()
	}
	rd.found = rd.found[:0]
	if rd.index == 0 && rd.pitch {
		rd.titledMarket() // "Zulip for education": the market it is sold to
	}
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
	if rd.lineSpeaker && rd.opensLine(off) {
		rd.lineSpeaker = false
	}
	if colon && rd.attribution(&cur) {
		rd.inQuote = true
	} else if colon && rd.speakerLine() {
		rd.lineSpeaker = true
	}
	if len(rd.toks) > 3 && rd.toks[0].isPunct("—–-") {
		rd.unnamedAttribution(&cur)
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
	if !rd.toStaff && all&secondPerson != 0 {
		rd.toStaff = rd.welcomesColleague()
	}
	for i := range rd.toks {
		t := &rd.toks[i]
		if !t.word || t.skip || rd.toStaff && rd.staffWord(i) {
			continue
		}
		lvl, ok, plural := rd.classify(i, heading, &cur)
		if ok {
			rd.add(t.start, t.end, lvl)
			if lvl == Person && rd.listedAfterName(i) {
				plural = true // "Frank, Susan and Lily": they are people
			}
			switch {
			case lvl == Role && !t.plural && cur.hasPlur && cur.plural == Enterprise:
				// A title after its company ("Fabrikam's COO") leaves
				// "they" to the company: of the two, the more abstract.
			case plural:
				cur.plural, cur.hasPlur = lvl, true
			case lvl == Person || lvl == Role && rd.personas[t.lower]:
				cur.singular, cur.hasSing = lvl, true
			case lvl != Person:
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
	if !rd.procedure && words > 1 {
		rd.procedure = rd.isStep() // "the customer" of the steps after it is the one at hand
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
	rd.found = append(rd.found, rd.mention(start, end, l))
}

// mention makes a mention of the paragraph's bytes from start to end,
// its text copied out of the buffer the next paragraph overwrites.
func (rd *reader) mention(start, end int, l Level) Mention {
	return Mention{Start: start, End: end, Level: l, Text: strings.Clone(rd.para[start-rd.paraBase : end-rd.paraBase])}
}

// The classes below are read in speakers.go and document.go but declared
// here, where they were first written: a class takes its bit in the order
// the package declares it (newClass), the model adds a word's class
// features in the order of their bits, and another order would change its
// sums in the last digit.

// storyKinds and storyWords name a text a customer's story: "case study",
// "customer story", "success story", "customer spotlight".
var (
	storyKinds = newClass(`case customer success`)
	storyWords = newClass(`study story spotlight`)
)

// interviewWords name a text an interview: "Q&A", or "interview(s)" with
// whom.
var interviewWords = newClass(`interview interviews q&a`)

var speechVerbs = newClass(`said says told tells explains explained adds added recalls recalled`)

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

// remember adds a word to one of the document's sets. Words are slices of
// a reused buffer (see lowerWord), so the set keeps its own copy.
func remember(set map[string]bool, w string) {
	if !set[w] {
		set[strings.Clone(w)] = true
	}
}
