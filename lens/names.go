package lens

import "strings"

// The rules' reading of people's names and titles: whether a capitalized
// word is a name, whose it is (a customer's person, a persona, one of
// ours), and whether a title beside it names one person or a role.

// titleOfSomeone tells whether the word at i is the title of one person
// the sentence names or describes, rather than a role of its own.
func (rd *reader) titleOfSomeone(i int) bool {
	t := &rd.toks[i]
	return !rd.persona && t.stemIs(roleNouns) && !t.plural && (t.skip || rd.besideName(i) || rd.describesSomeone(i))
}

// describesSomeone tells whether the singular title at i says what one
// person is or works as: "Mike Corsaro is a Senior Software Engineer at
// Bitbucket", "she started her career as a software engineer", "as a
// designer, my task is…". It tells who they are and is no role of its
// own, except on a persona page, where the persona is the role ("Sam is a
// Senior Software Engineer at a mid-sized developer tool company").
func (rd *reader) describesSomeone(i int) bool {
	if rd.persona {
		return false
	}
	d := i - 1 // the article, over the title's other words ("a Senior Software Engineer")
	for d >= 0 && d >= i-4 && rd.toks[d].word && rd.word(d) != "a" && rd.word(d) != "an" {
		d--
	}
	if w := rd.word(d); w != "a" && w != "an" {
		return false
	}
	if d >= 2 && rd.toks[d-1].isPunct(",") {
		return rd.nameEndsAt(d - 2) // "Joanne Tipton, a senior team manager at End Point"
	}
	switch rd.word(d - 1) {
	case "as":
		return true
	case "is", "was":
		if d >= 2 && rd.toks[d-2].is(thirdSingularPerson) {
			return true // "she is a product manager"
		}
		return d >= 2 && rd.nameEndsAt(d-2) // "Mike Corsaro is…", "Iris is…"
	}
	return false
}

// nameEndsAt tells whether a person's name ends at i: a run of capitalized
// words with a first name or a known person's name in it.
func (rd *reader) nameEndsAt(i int) bool {
	for j := i; j >= 0 && j >= i-2 && rd.toks[j].word && rd.toks[j].cap; j-- {
		if rd.people[rd.toks[j].lower] || rd.toks[j].is(firstNames) {
			return true
		}
	}
	return false
}

// particular tells whether the singular title at i names one real person:
// an indefinite one in a narrative sentence ("it may have been a factory
// worker"), once the text is about customers, or one said to be from an
// organization who did or said something ("a platform director from a
// large retailer told us", "an engineer at Acme showed us").
func (rd *reader) particular(i int) bool {
	a := func(j int) bool { return rd.word(j) == "a" || rd.word(j) == "an" }
	if a(rd.determinerAt(i)) && rd.past && rd.customerContext() {
		return true
	}
	// "a platform director from …": the title's own modifier may be a
	// word of any class.
	d := i - 1
	if !a(d) && a(i-2) && rd.toks[i-1].word && !rd.toks[i-1].cap {
		d = i - 2
	}
	return a(d) && (rd.fromOrganizationDid(i+1) || rd.metOne(d) && rd.fromOrganization(i+1))
}

// metOne tells whether the words before d say that we met whom d
// introduces: "we spoke with a …", "I met an …", "we interviewed a …".
func (rd *reader) metOne(d int) bool {
	switch w := rd.word(d - 1); w {
	case "met", "interviewed", "visited":
		return true
	case "with", "to":
		v := rd.word(d - 2)
		return v == "spoke" || v == "talked" || v == "met" || v == "sat"
	}
	return false
}

// fromOrganization tells whether the words from j say where a person
// works: "at a mid-sized fintech", "from Acme", "at one of our
// customers" (not "from our agency").
func (rd *reader) fromOrganization(j int) bool {
	if w := rd.word(j); w != "from" && w != "at" {
		return false
	}
	for k := j + 1; k < len(rd.toks) && k <= j+4 && rd.toks[k].word; k++ {
		t := &rd.toks[k]
		if t.lower == "our" || t.lower == "my" {
			return t.lower == "our" && k+1 < len(rd.toks) && rd.toks[k+1].stemIs(customerNouns) // "at one of our customers", not "at our agency"
		}
		if t.cap && t.cls == 0 || t.stemIs(orgNouns|customerNouns|industries) {
			return true
		}
	}
	return false
}

// fromOrganizationDid tells whether the words from j say where a person
// works, or the place they are in, and then what they did: "from a large
// retailer told", "at Acme showed", "in Lagos, found". The organization
// is named or is an organization's noun, within a few words; the place
// is capitalized, a place the lexicon knows or a word it does not; what
// they did is a past tense of actsAsPerson's.
func (rd *reader) fromOrganizationDid(j int) bool {
	w := rd.word(j)
	if w != "from" && w != "at" && w != "in" {
		return false
	}
	for k := j + 2; k < len(rd.toks) && k <= j+6; k++ {
		if rd.toks[k].isPunct(",") && k+1 < len(rd.toks) && pastPersonVerbs[rd.word(k+1)] {
			continue // "a student in Lagos, found a bug"
		}
		if !rd.toks[k].word {
			return false
		}
		if !pastPersonVerbs[rd.toks[k].lower] || rd.toks[k].cap {
			continue
		}
		org := &rd.toks[k-1]
		if !org.word {
			org = &rd.toks[k-2] // the comma
		}
		if w == "in" {
			return org.cap && (org.is(placeNames) || org.cls == 0) // where they live or work: "in Lagos"
		}
		return org.cap && org.cls == 0 || org.stemIs(orgNouns|customerNouns) && !org.plural
	}
	return false
}

// pastPersonVerbs are the past tenses among personVerbs: what one person
// did, told as it happened.
var pastPersonVerbs = func() map[string]bool {
	past := map[string]bool{}
	for w := range personVerbs {
		if !strings.HasSuffix(w, "s") {
			past[w] = true
		}
	}
	return past
}()

// restOfName tells whether the word at i follows a name's first word
// ("Chen" in "Jill Chen"), which was the mention.
func (rd *reader) restOfName(i int) bool {
	if i == 0 {
		return false
	}
	p := &rd.toks[i-1]
	return p.word && p.cap && (rd.people[p.lower] || p.is(firstNames))
}

// isName tells whether the capitalized first name at i is used as a name.
func (rd *reader) isName(i int, heading bool) bool {
	t := rd.toks[i]
	if rd.is(i-1, authorCues) || rd.ours[t.lower] {
		return false
	}
	if i > 0 && rd.toks[i-1].word && rd.toks[i-1].cap && rd.toks[i-1].is(firstNames|lastNames) {
		return false // the rest of a name already read: "David Brock"
	}
	if i > 1 && rd.toks[i-1].word && rd.toks[i-1].cap && !rd.toks[i-1].allCaps && rd.toks[i-1].cls == 0 && rd.toks[i-1].stemCls == 0 && !isPossessive(rd.toks[i-1].lower) {
		return false // the end of a longer name: "San Diego", "End Point Dev", "Stage Name"
	}
	first := i == 0 || !rd.toks[i-1].word && i == 1
	n := i + 1
	// "Yesterday Maria walked us through it": a name that is also a word
	// is a name when a person's verb follows it, after a sentence's
	// opening word too.
	acts := t.is(nameWords) && !t.is(monthNames) && rd.actsAsPerson(n)
	if i > 0 && t.is(nameWords) && rd.toks[i-1].word && (rd.toks[i-1].cap && !rd.toks[i-1].stemIs(roleNouns) && !(i == 1 && acts) || rd.is(i-1, determinerGeneric|determinerDefinite)) {
		return false // "First Name", "the Name field": an ordinary word in a title
	}
	if n < len(rd.toks) && !rd.toks[n].cap && rd.toks[n].is(placeHeads) {
		return false // "the Sydney team", "our Austin office": a place
	}
	if n < len(rd.toks) && rd.toks[n].word && rd.toks[n].cap && !rd.toks[n].is(firstNames|lastNames) {
		// "Nail Funnels", "Grant Proposal": a capitalized word that is no
		// name after an ambiguous one makes both a title, not a person,
		// unless a sentence opens on them and goes on ("Mike Corsaro is
		// a …", "Bill Hart, the CTO, said").
		if t.is(nameWords) && (heading || !first || !rd.sentenceGoesOn(n+1)) && !rd.apposedToTitle(i) {
			return false
		}
	}
	if rd.word(i-1) == "in" && !rd.people[t.lower] && !(n < len(rd.toks) && rd.toks[n].word && rd.toks[n].cap) {
		return false // "a dental practice in Austin": a place, not "in Jill Chen's team"
	}
	if t.is(placeNames) && !rd.people[t.lower] && !rd.personas[t.lower] {
		// "Europe and Asia", "in Georgia": a place, unless a surname
		// follows ("Georgia Hughes").
		return n < len(rd.toks) && rd.toks[n].word && rd.toks[n].cap && !rd.toks[n].is(placeNames) && !rd.byline()
	}
	if t.is(nameWords) && (first || heading) && !rd.people[t.lower] && !rd.personas[t.lower] {
		return n < len(rd.toks) && (rd.toks[n].isPunct(",") && !afterAThingsComma[rd.word(n+1)] || rd.toks[n].word && rd.toks[n].cap) || rd.isATitle(n) || acts
	}
	return !rd.byline()
}

// afterAThingsComma are the words after a comma that show the word
// before it to be a thing, not a name that a title or a verb follows:
// "Price, in four of six losses", "Price, not features, decided it" (a
// set of their own, as protocolNames).
var afterAThingsComma = wordSet(`in on at for of by with not then always
	never mostly often again too`)

// actsAsPerson tells whether the words from n show the one before them
// to be a person: a verb that a person, not a thing, is the subject of
// ("Mike said", "Tom walked us through"), in a form that is no noun and
// no command ("Mark notes as done" and "Bill customers monthly" are not
// about Mark or Bill), "and her" or "and his" ("Maria and her shift
// leads"), or the department one is from ("Frank from procurement").
func (rd *reader) actsAsPerson(n int) bool {
	if n >= len(rd.toks) || !rd.toks[n].word || rd.toks[n].cap {
		return false
	}
	switch rd.toks[n].lower {
	case "and":
		next := rd.word(n + 1)
		return next == "her" || next == "his"
	case "from":
		// "Frank from procurement", not "Grant from the foundation".
		return n+1 < len(rd.toks) && rd.toks[n+1].word && !rd.toks[n+1].cap &&
			(rd.toks[n+1].is(departments) || rd.toks[n+1].stemIs(roleNouns))
	}
	return personVerbs[rd.toks[n].lower]
}

// personVerbs are the verbs of actsAsPerson: past tenses, and present
// tenses that are not also plural nouns ("notes", "reports").
var personVerbs = wordSet(`said told asked showed walked joined met called emailed
	wrote sent explained mentioned shared noted agreed described pointed ran
	led managed owned wanted needed thought knew felt worried loved hated
	preferred spent took gave brought came went saw found kept left got
	introduced invited hosted visited replied answered laughed smiled admitted
	suggested complained recalled added confirmed says tells thinks wants
	knows feels manages prefers explains describes agrees admits suggests
	complains recalls mentions runs leads`)

// apposedToTitle tells whether the word at i follows a title and a comma,
// as a name follows the title it is given: "the champion, Lee Park, is
// leaving".
func (rd *reader) apposedToTitle(i int) bool {
	return i > 1 && rd.toks[i-1].isPunct(",") && rd.toks[i-2].stemIs(roleNouns)
}

// isATitle tells whether the words from n say that the one before them
// holds a title: "Frank is the controller", "Bill was a plant manager",
// "Frank is their CFO".
func (rd *reader) isATitle(n int) bool {
	if w := rd.word(n); w != "is" && w != "was" || !rd.is(n+1, determinerGeneric|determinerDefinite) && !thirdPossessives[rd.word(n+1)] {
		return false
	}
	for j := n + 2; j < len(rd.toks) && j <= n+4 && rd.toks[j].word; j++ {
		if rd.toks[j].stemIs(roleNouns) {
			return true
		}
	}
	return false
}

// name reads the name at i: a persona's name is a role, a customer's a
// person; a colleague's is no customer reference at all.
func (rd *reader) name(i int) (Level, bool, bool) {
	w := rd.toks[i].lower
	if rd.personas[w] || rd.persona {
		remember(rd.personas, w)
		return Role, true, false
	}
	if rd.people[w] {
		rd.rememberSurname(i + 1) // the speaker of a quote, then by surname
		return Person, true, false
	}
	if rd.colleague(i) {
		remember(rd.ours, w)
		return 0, false, false
	}
	for _, t := range rd.toks {
		if t.lower == "persona" && t.word {
			remember(rd.personas, w)
			rd.persona = true
			return Role, true, false
		}
	}
	if rd.customerContext() || rd.sinceCustomer <= 2 || rd.customer && rd.describedAsCustomer(i) || rd.frontlineApposition(i) {
		remember(rd.people, w)
		rd.rememberSurname(i + 1)
		return Person, true, false
	}
	return 0, false, false
}

// sentenceGoesOn tells whether the sentence goes on, at j, in lower case or
// after a comma: what a name is the subject of, not the next word of a
// title.
func (rd *reader) sentenceGoesOn(j int) bool {
	if j >= len(rd.toks) {
		return false
	}
	t := &rd.toks[j]
	return t.word && !t.cap || t.isPunct(",")
}

// usesOurProduct tells whether the words from j say that what comes before
// uses one of our products by name: "use Mattermost", "that use Zulip",
// "using OpenTelemetry".
func (rd *reader) usesOurProduct(j int) bool {
	if w := rd.word(j); w == "that" || w == "who" {
		j++
	}
	switch rd.word(j) {
	case "use", "uses", "using", "adopt", "adopting", "run", "running":
	default:
		return false
	}
	if j+1 >= len(rd.toks) {
		return false
	}
	t := &rd.toks[j+1]
	return t.word && t.cap && (rd.ours[t.lower] || t.cls == 0 && t.stemCls == 0 && !rd.orgs[t.lower])
}

// rememberSurname remembers the surname at j of a customer's person just
// named, so the text may go on with it alone ("says Wen" after "James
// Wen"): a capitalized word no list knows, or a known surname that is no
// first name.
func (rd *reader) rememberSurname(j int) {
	if j >= len(rd.toks) {
		return
	}
	t := &rd.toks[j]
	if !t.word || !t.cap || t.allCaps || t.stemCls&^lastNames != 0 || t.cls&^lastNames != 0 || rd.ours[t.lower] || rd.orgs[t.lower] {
		return
	}
	remember(rd.people, t.lower)
}

// describedAsCustomer tells whether a title follows the name at i
// ("Evan Sosenko, Co-founder and CTO"), which marks it as someone the text
// is about rather than a colleague mentioned in passing.
func (rd *reader) describedAsCustomer(i int) bool {
	for j := i + 1; j < min(len(rd.toks), i+8); j++ {
		if rd.toks[j].stemIs(roleNouns) {
			return true
		}
	}
	return false
}

// frontlineApposition tells whether the name at i is described by one of
// the jobs of a customer's people outside software, between commas: "Ana,
// a district nurse in Porto, tried the beta". In a software company's
// writing, no colleague is introduced so; in any text, the one named is a
// customer's person even before a customer has been spoken of.
func (rd *reader) frontlineApposition(i int) bool {
	j := rd.capsEnd(i + 1) // after the rest of the name
	if j+1 >= len(rd.toks) || !rd.toks[j].isPunct(",") || !rd.is(j+1, determinerGeneric) {
		return false
	}
	for k := j + 2; k < len(rd.toks) && k <= j+4 && rd.toks[k].word; k++ {
		if frontline[rd.toks[k].base] && !rd.toks[k].plural {
			return true
		}
	}
	return false
}

// besideName tells whether the title at i stands next to a name in the
// same clause ("CEO James Hawkins", "Evan Sosenko, Co-founder and CTO"):
// then it describes that person and is no role reference of its own.
func (rd *reader) besideName(i int) bool {
	for _, dir := range []int{-1, 1} {
		for j, steps := i+dir, 0; j >= 0 && j < len(rd.toks) && steps < 5; j, steps = j+dir, steps+1 {
			t := &rd.toks[j]
			if !t.word {
				if t.isPunct(",&-–—") { // "Joram Wilander - Eng Lead"
					continue
				}
				break
			}
			if t.cap && t.is(firstNames) && (!t.is(nameWords) || rd.surnameAfter(j)) || t.cap && rd.people[t.lower] {
				return true
			}
			if rd.unknownPair(j, dir) && (dir > 0 && j == i+1 || dir < 0 && j-1 == 0) {
				// A name no list knows, where names stand: "Gareth Watts,
				// co-founder and CTO", "Atolio’s CTO Gareth Watts".
				return true
			}
		}
	}
	return false
}

// titledName tells whether the two capitalized words at i stand where a
// person's name stands beside a title: "CTO Gareth Watts", or opening a
// line "Gareth Watts, co-founder and CTO".
func (rd *reader) titledName(i int) bool {
	if i > 0 && rd.toks[i-1].stemIs(roleNouns) && !rd.toks[i-1].plural {
		return !rd.is(i-2, determinerGeneric|determinerDefinite) // not "the CTO Summit Series"
	}
	if i != 0 || i+2 >= len(rd.toks) || !rd.toks[i+2].isPunct(",") {
		return false
	}
	for k := i + 3; k < len(rd.toks) && k <= i+6; k++ {
		if rd.toks[k].stemIs(roleNouns) {
			return true
		}
	}
	return false
}

// unknownPair tells whether the word at j and the one beyond it in
// direction dir are both capitalized words outside the lexicon, as a
// first name and a surname no list knows are.
func (rd *reader) unknownPair(j, dir int) bool {
	k := j + dir
	if k < 0 || k >= len(rd.toks) {
		return false
	}
	unknown := func(t *token) bool {
		return t.word && t.cap && !t.allCaps && t.cls == 0 && t.stemCls == 0 && !rd.ours[t.lower] && !rd.orgs[t.lower]
	}
	return unknown(&rd.toks[j]) && unknown(&rd.toks[k])
}

// surnameAfter tells whether a capitalized word outside the lexicon
// follows the first name at i, as a surname does: "Iris Dyrmishi" is a
// name though "iris" is also a word.
func (rd *reader) surnameAfter(i int) bool {
	if i+1 >= len(rd.toks) {
		return false
	}
	t := &rd.toks[i+1]
	return t.word && t.cap && !t.allCaps && (t.cls == 0 && t.stemCls == 0 || t.is(lastNames))
}

// byline tells whether the sentence is only a few capitalized words joined
// by "and", as an author line is ("Megann and Steve"): those are the
// writers, not customers.
func (rd *reader) byline() bool {
	words := 0
	for _, t := range rd.toks {
		switch {
		case !t.word && t.isPunct(",&"):
		case t.word && t.lower == "and":
		case t.word && t.cap:
			words++
		default:
			return false
		}
	}
	return words > 0 && words <= 4
}

// listedAfterName tells whether the name at i follows another name in a
// list ("Frank, Susan and Lily").
func (rd *reader) listedAfterName(i int) bool {
	if i < 2 || !(rd.toks[i-1].isPunct(",") || rd.word(i-1) == "and" || rd.word(i-1) == "or") {
		return false
	}
	j := i - 2
	if rd.word(j) == "and" || rd.word(j) == "or" { // "Lily, and Liz"
		j--
	}
	// The name two or three words back was read moments ago: it is among
	// the last mentions found (a search of all of them was quadratic in a
	// sentence of a million bytes).
	for k := len(rd.found) - 1; k >= 0 && k >= len(rd.found)-16; k-- {
		if m := rd.found[k]; j >= 0 && m.Level == Person && m.End == rd.toks[j].end {
			return true
		}
	}
	return false
}

// thirdPossessives give a title its holder's organization or superior:
// "Frank is their CFO" (not "our CFO", a colleague's).
var thirdPossessives = wordSet(`his her their its`)
