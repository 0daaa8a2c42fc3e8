package lens

import "strings"

// classify decides whether the word at i refers to a customer, and at which
// level. plural tells whether "they" can point back to it.
func (rd *reader) classify(i int, heading bool, cur *referents) (lvl Level, ok, plural bool) {
	t := rd.toks[i]
	w := t.lower
	base, pl := stem(w)
	prev, next := rd.word(i-1), rd.word(i+1)
	switch {
	case firstPersonPlural[w] && rd.inQuote:
		return Enterprise, true, true
	case firstPersonSingular[w] && rd.inQuote:
		return Person, true, false
	case firstPersonSingular[w] && rd.persona:
		return Role, true, false
	case thirdPlural[w]:
		if cur.hasPlur {
			return cur.plural, true, true
		}
		if rd.prev.hasPlur {
			return rd.prev.plural, true, true
		}
	case thirdSingularPerson[w]:
		if cur.hasSing {
			return cur.singular, true, false
		}
		if rd.prev.hasSing {
			return rd.prev.singular, true, false
		}
	case t.cap && rd.orgs[w] && !rd.ours[w]:
		return Enterprise, true, true
	case t.cap && !t.allCaps && firstNames[w] && rd.isName(i, heading):
		return rd.name(i)
	case base == "decision" && (next == "maker" || next == "makers"):
		return Role, true, true
	case customerNouns[base]:
		return rd.customerNoun(i, base, pl)
	case marketNouns[base] || w == "icps":
		if w == "market" && (prev == "to" || next == "to" || next == "fit") {
			return
		}
		return Market, true, true
	case orgNouns[base]:
		return rd.orgNoun(i, base, pl)
	case roleNouns[base] || roleNouns[w]:
		return rd.roleNoun(i, base, pl)
	case genericPeople[w]:
		if prev == "our" || next == "at" || next == "in" && rd.word(i+2) == "our" {
			return
		}
		return Market, true, true
	}
	return
}

// genericPeople speak of people at large; in writing about customers they
// mean customers as a group ("build something people want").
var genericPeople = wordSet(`people everyone anyone someone somebody anybody`)

// word returns the lower-cased word at i, or "" when i is out of range or
// not a word.
func (rd *reader) word(i int) string {
	if i < 0 || i >= len(rd.toks) || !rd.toks[i].word {
		return ""
	}
	return rd.toks[i].lower
}

// specificCues make an indefinite "a client" one particular organization.
var specificCues = wordSet(`another particular certain specific one`)

func (rd *reader) customerNoun(i int, base string, plural bool) (Level, bool, bool) {
	next := rd.word(i + 1)
	prev := rd.word(i - 1)
	if rd.inQuote {
		return 0, false, false // a customer's own customers are not ours
	}
	if !plural && ourFunctions[next] {
		return 0, false, false
	}
	switch prev {
	case "economic", "technical", "power", "business", "day-to-day":
		return Role, true, true
	}
	if plural {
		return Market, true, true
	}
	possessive := strings.HasSuffix(rd.toks[i].lower, "'s")
	switch {
	case determinerDefinite[prev] || prev == "your" && possessive || prev == "potential" && rd.word(i-2) == "the":
		if base == "user" {
			return Person, true, true
		}
		return Enterprise, true, true
	case specificCues[prev] || (prev == "a" || prev == "an") && rd.pastTense():
		return Enterprise, true, true
	case prev == "each" || prev == "every":
		return Enterprise, true, true
	}
	return Market, true, true
}

// pastTense tells whether the sentence narrates what happened, which makes
// an indefinite "a client" one real client rather than any client.
func (rd *reader) pastTense() bool {
	for _, t := range rd.toks {
		switch t.lower {
		case "was", "were", "had", "did", "visited", "met", "worked", "i'd", "we'd":
			return true
		}
	}
	return false
}

func (rd *reader) orgNoun(i int, base string, plural bool) (Level, bool, bool) {
	prev := rd.word(i - 1)
	if prev == "our" || prev == "my" {
		return 0, false, false
	}
	if plural {
		if base == "account" || rd.customer {
			return Market, true, true
		}
		return 0, false, false
	}
	switch {
	case base == "account" && prev != "your" && prev != "an":
		return Enterprise, true, true
	case prev == "their" && rd.prev.hasPlur:
		return Enterprise, true, true
	case (determinerDefinite[prev] || specificCues[prev]) && rd.customer:
		return Enterprise, true, true
	case (prev == "a" || prev == "an") && rd.pastTense() && rd.customer:
		return Enterprise, true, true
	}
	return 0, false, false
}

// occupations are roles that, in the plural, also name a market of their
// own ("we build for developers").
var occupations = wordSet(`developer engineer`)

func (rd *reader) roleNoun(i int, base string, plural bool) (Level, bool, bool) {
	prev := rd.word(i - 1)
	if ourSideModifiers[prev] || prev == "as" {
		return 0, false, false
	}
	if plural && occupations[base] {
		return Market, true, true
	}
	if strongRoleNouns[base] {
		return Role, true, true
	}
	if rd.customerContext() {
		return Role, true, true
	}
	return 0, false, false
}

// customerContext tells whether the current or the previous sentence has
// already referred to customers.
func (rd *reader) customerContext() bool {
	return len(rd.found) > 0 || rd.prev.hasPlur || rd.prev.hasSing
}

// isName tells whether the capitalized first name at i is used as a name.
func (rd *reader) isName(i int, heading bool) bool {
	t := rd.toks[i]
	if authorCues[rd.word(i-1)] || rd.ours[t.lower] {
		return false
	}
	first := i == 0 || !rd.toks[i-1].word && i == 1
	if nameWords[t.lower] && (first || heading) {
		n := i + 1
		return n < len(rd.toks) && (rd.toks[n].isPunct(",") || rd.toks[n].word && rd.toks[n].cap)
	}
	return true
}

// name reads the name at i: a persona's name is a role, a customer's a
// person; a colleague's is no customer reference at all.
func (rd *reader) name(i int) (Level, bool, bool) {
	w := rd.toks[i].lower
	if rd.personas[w] || rd.persona {
		rd.personas[w] = true
		return Role, true, false
	}
	if rd.colleague(i) {
		rd.ours[w] = true
		return 0, false, false
	}
	for _, t := range rd.toks {
		if t.lower == "persona" && t.word {
			rd.personas[w] = true
			rd.persona = true
			return Role, true, false
		}
	}
	if rd.people[w] || rd.customerContext() || rd.describedAsCustomer(i) {
		rd.people[w] = true
		return Person, true, false
	}
	return 0, false, false
}

// colleague tells whether the name at i is introduced as one of ours:
// "one of our engineers", "my co-founder", "Our Graphic Designer, Lottie".
func (rd *reader) colleague(i int) bool {
	lo, hi := max(0, i-4), min(len(rd.toks), i+6)
	for j := lo; j < hi; j++ {
		w := rd.toks[j].lower
		if w == "our" || w == "my" || w == "i" {
			return true
		}
	}
	return false
}

// describedAsCustomer tells whether a title follows the name at i
// ("Evan Sosenko, Co-founder and CTO"), which marks it as someone the text
// is about rather than a colleague mentioned in passing.
func (rd *reader) describedAsCustomer(i int) bool {
	for j := i + 1; j < min(len(rd.toks), i+8); j++ {
		b, _ := stem(rd.toks[j].lower)
		if roleNouns[b] {
			return true
		}
	}
	return false
}
