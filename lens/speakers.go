package lens

import (
	"strings"
	"unicode/utf8"
)

// Who speaks: a customer's quote and its attribution ("Jane Doe, VP
// Engineering at Acme:"), a speaker named beside "said", an interview's
// questions and answers, and a change log's credits. Inside a customer's
// own words, "we" is the customer.

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
	if commas[0] == 0 || last+1 >= colon || !toks[last+1].cap {
		return false // not "Kiran Kedlaya, Professor at UCSD, gave himself a challenge: “…”"
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

// unnamedAttribution reads a line that credits the quote before it to a
// title at a company, with no name, as insights and testimonials are
// often signed: "— warehouse supervisor, Contoso Logistics", "– Head of
// IT, Fabrikam". The one who said it is one person; the company is an
// enterprise, remembered for the rest of the text.
func (rd *reader) unnamedAttribution(cur *referents) {
	toks := rd.toks
	comma, title := -1, false
	for i := 1; i < len(toks) && i <= 6; i++ {
		if toks[i].isPunct(",") {
			comma = i
			break
		}
		if !toks[i].word || rd.ours[toks[i].lower] {
			return
		}
		title = title || toks[i].stemIs(roleNouns)
	}
	if comma < 2 || !title || comma+1 >= len(toks) {
		return
	}
	company := &toks[comma+1]
	if !company.word || !company.cap || company.cls != 0 || company.stemCls != 0 || rd.ours[company.lower] {
		return
	}
	end := rd.capsEnd(comma+1) - 1 // the company's last word
	if end+1 < len(toks) && !toks[end+1].isPunct(".") {
		return // the line goes on: no signature
	}
	for i := range toks {
		toks[i].skip = true
	}
	rd.add(toks[1].start, toks[comma-1].end, Person)
	rd.add(company.start, toks[end].end, Enterprise)
	remember(rd.orgs, company.lower)
	cur.singular, cur.hasSing = Person, true
}

// appositions reads "Evan Sosenko, Co-founder and CTO of PureSkill.gg" and
// "the CTO of Acme": a title beside a name describes that person rather
// than a role, and a capitalized name after "of" or "at" a title is the
// customer's organization, remembered for the rest of the document.
func (rd *reader) appositions(cur *referents) {
	toks := rd.toks
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].stemIs(roleNouns) && rd.titleThenCompany(i) {
			rd.orgs[strings.Clone(toks[i+2].lower)] = true // "Omar Haddad, CTO, Tailspin Toys"
			continue
		}
		w := toks[i].lower
		if (w != "of" && w != "at") || !toks[i+1].word || !toks[i+1].cap {
			continue
		}
		title := i - 1
		if w == "at" {
			title = rd.titleOfDepartment(i) // "Head of Data at Litware"
		}
		if !toks[title].stemIs(roleNouns) {
			continue
		}
		if rd.is(title-1, ourSideModifiers) || rd.ours[toks[i+1].lower] || rd.departmentRun(i+1) || w == "of" && rd.atCompanyAfter(i+1) {
			continue // "Head of Product", "Head of Global Launch Operations", "Head of Planning at Litware": a department, not a company
		}
		if rd.writerSpeaks() && !rd.besideName(title) && !rd.orgs[toks[i+1].lower] {
			rd.ours[strings.Clone(toks[i+1].lower)] = true // "as CEO of PostHog, I…"
			continue
		}
		rd.orgs[strings.Clone(toks[i+1].lower)] = true
	}
}

// atCompanyAfter tells whether the run of capitalized words from i is
// followed by "at" and a capitalized name: the run is a department of
// that company ("Head of Planning at Litware").
func (rd *reader) atCompanyAfter(i int) bool {
	i = rd.capsEnd(i)
	return rd.word(i) == "at" && i+1 < len(rd.toks) && rd.toks[i+1].word && rd.toks[i+1].cap
}

// titleOfDepartment returns, for "at" at i, where the title before it
// starts when it names a department ("Head of Data at Litware", "VP of
// Customer Operations at Acme"), or i-1.
func (rd *reader) titleOfDepartment(i int) int {
	j := i - 1
	for j > i-5 && j > 1 && rd.toks[j].word && rd.toks[j].cap {
		j--
	}
	if j < i-1 && rd.word(j) == "of" {
		return j - 1
	}
	return i - 1
}

// titleThenCompany tells whether the title at i, beside a person's name,
// is followed by a comma and a name no list knows, as an attribution line
// gives the company: "— Omar Haddad, CTO, Tailspin Toys".
func (rd *reader) titleThenCompany(i int) bool {
	if i+2 >= len(rd.toks) || rd.toks[i].plural || !rd.toks[i+1].isPunct(",") {
		return false
	}
	t := &rd.toks[i+2]
	return t.word && t.cap && t.cls == 0 && t.stemCls == 0 && !rd.ours[t.lower] && rd.besideName(i)
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

// firstPerson tells whether the sentence is told by the writer ("I", "we")
// outside a customer's quote.
func (rd *reader) firstPerson() bool {
	return rd.speaker && !rd.customerSpeaks()
}

// writerSpeaks tells whether the writer speaks in the first person in the
// sentence, outside any quote: "as CEO of PostHog, I…", not "Kiran
// Kedlaya, Professor of Mathematics at UCSD, gave himself a challenge:
// “…, I decided …”".
func (rd *reader) writerSpeaks() bool {
	if !rd.firstPerson() || !rd.quoted {
		return rd.firstPerson()
	}
	for j := range rd.toks {
		if rd.toks[j].is(firstPersonPlural|firstPersonSingular) && !rd.quotedAt(j) {
			return true
		}
	}
	return false
}

// customerSpeaks tells whether the words are a customer's own: in a quote
// attributed to one, answering an interview's question, on a line that
// opens with their name and a colon (speakerLine), or in a text that is
// all theirs (Analyzer.TheirWords).
func (rd *reader) customerSpeaks() bool {
	return rd.inQuote || rd.answering || rd.lineSpeaker || rd.theirWords
}

// speakerLine tells whether the sentence opens with the name of a
// customer's person the text knows and a colon, as notes give what
// someone said: "Kofi: we lose 20 minutes every morning". The rest of the
// line is theirs.
func (rd *reader) speakerLine() bool {
	toks := rd.toks
	if len(toks) < 3 || !toks[0].word || !toks[0].cap || !rd.people[toks[0].lower] || rd.ours[toks[0].lower] {
		return false
	}
	for i := 1; i < len(toks) && i <= 3; i++ {
		if toks[i].isPunct(":") {
			return i+1 < len(toks)
		}
		if !toks[i].word || !toks[i].cap {
			return false
		}
	}
	return false
}

// writersWe tells whether the word at i is the writer's "we", "us" or
// "our": outside any quote, where no customer is speaking.
func (rd *reader) writersWe(i int) bool {
	return rd.toks[i].is(firstPersonPlural) && !rd.customerSpeaks() && !rd.quotedAt(i)
}

// opensLine tells whether the sentence at offset off of the paragraph is
// the first of its line (after a list's bullet, if any).
func (rd *reader) opensLine(off int) bool {
	before := strings.TrimRight(rd.para[:off], " \t")
	return before == "" || before[len(before)-1] == '\n' || rd.listItem
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

// A testimonial or an insight is often signed on the line after its
// quote: "“We lose an hour every Monday.”" and then "— warehouse
// supervisor, Contoso Logistics". Read in turn, the quote has no speaker
// yet; its "we" and "I" are the customer's only once the signature comes.
// So a quote that opens a line in the first person, with no speaker, is
// held back (at most maxHeld sentences, while it stays open), and the
// line after it decides.

// heldSentence is a sentence held back with its mentions, and the
// mentions its first-person words become if the quote is signed.
type heldSentence struct {
	s        Sentence
	mentions []Mention
	voice    []Mention
}

const maxHeld = 8

// deliver emits the sentence just read, or holds it back as part of an
// unsigned quote; a sentence after a held quote first releases it,
// signed if this sentence is its signature.
func (rd *reader) deliver(s Sentence, emit func(Sentence, []Mention)) {
	if len(rd.held) > 0 {
		if rd.heldOpen && len(rd.held) < maxHeld {
			rd.hold(s) // the quote goes on
			return
		}
		rd.releaseHeld(emit, !rd.heldOpen && rd.signsQuote())
	}
	if rd.opensUnsignedQuote() {
		rd.hold(s)
		return
	}
	emit(s, rd.found)
}

// opensUnsignedQuote tells whether the sentence just read opens a line
// with a quote in the first person that no one has been found to say.
func (rd *reader) opensUnsignedQuote() bool {
	return len(rd.toks) > 1 && rd.toks[0].isPunct("“\"") && rd.speaker && !rd.customerSpeaks() && !rd.quoteOpensAfter(0)
}

// quoteOpensAfter tells whether the quote that opens at token i closes in
// the sentence and something other than its end follows: "“We lose an
// hour,” said Jill" has its speaker in it.
func (rd *reader) quoteOpensAfter(i int) bool {
	for j := i + 1; j < len(rd.toks); j++ {
		if rd.toks[j].isPunct("”\"") {
			for k := j + 1; k < len(rd.toks); k++ {
				if rd.toks[k].word {
					return true
				}
			}
			return false
		}
	}
	return false
}

// hold keeps the sentence just read back, with its mentions and its
// first-person words, and notes whether the quote is still open.
func (rd *reader) hold(s Sentence) {
	h := heldSentence{s: s, mentions: append([]Mention(nil), rd.found...)}
	open := rd.heldOpen || len(rd.held) == 0
	for i := range rd.toks {
		t := &rd.toks[i]
		switch {
		case t.isPunct("“"):
			open = true
		case t.isPunct("”"):
			open = false
		case t.isPunct("\""):
			open = i == 0 || !open
		case t.word && !rd.covered(t) && t.is(firstPersonPlural):
			h.voice = append(h.voice, rd.mention(t.start, t.end, Enterprise))
		case t.word && !rd.covered(t) && t.is(firstPersonSingular):
			h.voice = append(h.voice, rd.mention(t.start, t.end, Person))
		}
	}
	rd.held, rd.heldOpen = append(rd.held, h), open
}

// covered tells whether a mention of the sentence just read covers t.
func (rd *reader) covered(t *token) bool {
	for _, m := range rd.found {
		if m.Start <= t.start && t.end <= m.End {
			return true
		}
	}
	return false
}

// signsQuote tells whether the sentence just read signs the quote before
// it: a line that opens with a dash and names a customer's person or
// company ("— Jane Doe, Head of Data at Litware", "— warehouse
// supervisor, Contoso Logistics").
func (rd *reader) signsQuote() bool {
	if len(rd.toks) < 2 || !rd.toks[0].isPunct("—–") {
		return false
	}
	for _, m := range rd.found {
		if m.Level == Person || m.Level == Enterprise {
			return true
		}
	}
	return false
}

// releaseHeld emits the held sentences in order; signed, their
// first-person words are read as the customer's (the guide: "we" inside a
// customer's quote is their organization, "I" the person).
func (rd *reader) releaseHeld(emit func(Sentence, []Mention), signed bool) {
	for i := range rd.held {
		h := &rd.held[i]
		if signed && len(h.voice) > 0 {
			h.mentions = append(h.mentions, h.voice...)
			sortMentions(h.mentions)
			for _, m := range h.voice {
				h.s.Levels = h.s.Levels.Add(m.Level)
			}
		}
		emit(h.s, h.mentions)
	}
	clear(rd.held)
	rd.held, rd.heldOpen = rd.held[:0], false
}
