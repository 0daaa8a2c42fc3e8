package lens

// The writer's own side: the rules tell our colleagues, teams, functions
// and work with accounts apart from the customer's, which the guide says
// are never customer references even when named.

// ourAccountWork tells whether "account" at i names our own work with
// accounts ("the account manager", "Account Management", "the account
// owner") or is the verb ("we also account monthly", "to account for").
func (rd *reader) ourAccountWork(i int) bool {
	if i+1 < len(rd.toks) && rd.toks[i+1].word && rd.toks[i+1].stemIs(roleNouns|ourFunctions|accountWork) {
		return true
	}
	if rd.toks[i].plural {
		return false
	}
	subject := func(w string) bool { return w == "we" || w == "they" || w == "i" || w == "you" }
	return subject(rd.word(i-1)) || subject(rd.word(i-2)) && rd.toks[i-1].cls == 0 ||
		rd.word(i-1) == "to" && rd.word(i+1) == "for"
}

// ourCompound tells whether the title at i ends a compound that starts with
// one of our own names: "Mattermost case study coordinator".
func (rd *reader) ourCompound(i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		t := &rd.toks[j]
		if !t.word {
			return false
		}
		if t.cap {
			return rd.ours[t.lower] && j < i-1
		}
		if t.is(determinerGeneric | determinerDefinite | possessives) {
			return false
		}
	}
	return false
}

// selfDescription tells whether the title at i describes the writer or the
// reader: "if you are a product manager", "I'm a designer".
func (rd *reader) selfDescription(i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		copula := false
		switch rd.word(j) {
		case "you're", "you’re", "i'm", "i’m", "am":
			copula = true
		case "are":
			copula = rd.word(j-1) == "you" || rd.word(j-1) == "we"
		}
		if copula {
			// "you are a product manager", not "you're building champions"
			return j == i-1 || rd.is(j+1, determinerGeneric)
		}
	}
	return false
}

// namesATeam tells whether the heading just read names a team with no
// customer in it: "Leadership", "Mobile Team", "Meet the team" (not
// "Acme's platform team", once Acme is known as a customer, nor "Customer
// teams").
func (rd *reader) namesATeam() bool {
	team := false
	for i := range rd.toks {
		t := &rd.toks[i]
		switch {
		case !t.word:
		case t.stemIs(teamWords):
			team = true
		case t.stemIs(customerNouns|marketNouns|orgNouns) || rd.orgs[t.base]:
			return false
		}
	}
	return team
}

// colleague tells whether the name at i is introduced as one of ours
// (introducedAsOurs), or is told what to do for us: "ask Yakko", "contact
// Paolo".
func (rd *reader) colleague(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if rd.is(j, requestVerbs) {
			return true // "ask Yakko or James"
		}
	}
	return rd.introducedAsOurs(i)
}

// introducedAsOurs tells whether the name or the contact at i is
// introduced as one of ours: "one of our engineers", "my co-founder", "Our
// Graphic Designer, Lottie". Being asked is no sign of it for a contact,
// which is the customer's: "ask the contact", "thank the contact".
func (rd *reader) introducedAsOurs(i int) bool {
	if rd.underTeam && rd.listItem {
		return true // "Leadership" / "- Corey Hulen - CTO"
	}
	if rd.fromOurDepartment(i) {
		return true // "Priya and Tom from marketing"
	}
	if rd.welcomedByUs(i) {
		return true // "we welcomed two new engineers, Ana and Luis"
	}
	if rd.onOurSide(i) {
		return true // "from our side Sam (AE) and Lee (SE)"
	}
	lo, hi := max(0, i-4), min(len(rd.toks), i+10)
	for j := i + 1; j < hi; j++ {
		if w := rd.word(j); w == "and" || w == "or" || rd.toks[j].isPunct(";") {
			hi = j // "Luis Romero (IT director), and our AE Sam": the next one's title
		}
	}
	for j := lo; j < hi; j++ {
		w := rd.toks[j].lower
		if rd.titleOfOurs(j) {
			return true
		}
		if w != "our" && w != "my" {
			continue
		}
		for k := j + 1; k < min(hi, j+4); k++ {
			if rd.toks[k].stemIs(roleNouns | colleagueNouns) {
				return true
			}
		}
	}
	return false
}

// ourFunction tells whether the word at i, after "our" or "my", names one
// of our own functions: "our account team", "our customer success desk",
// "our team".
func (rd *reader) ourFunction(i int) bool {
	if w := rd.word(rd.determinerAt(i)); w != "our" && w != "my" {
		return false
	}
	return rd.toks[i].stemIs(teamWords) || rd.is(i+1, ourFunctions)
}

// onOurSide tells whether the name at i is given one of the titles of
// the jobs that serve customers in parentheses, as a meeting's attendees
// are listed ("Sam (AE)"), or follows "from our side" or "on our side".
func (rd *reader) onOurSide(i int) bool {
	if j := rd.capsEnd(i); j+2 < len(rd.toks) && rd.toks[j].isPunct("(") && ourTitleAcronyms[rd.word(j+1)] && rd.toks[j+2].isPunct(")") {
		return true
	}
	for j := i - 1; j > 0 && j >= i-8; j-- {
		switch rd.word(j) {
		case "side":
			if w := rd.word(j - 1); w == "our" || w == "my" {
				return true
			}
		case "their", "his", "her":
			return false
		}
	}
	return false
}

// ourTitleAcronyms are the jobs that serve customers, by the acronyms
// an attendee's name is given in parentheses: account executive, sales
// engineer, customer success manager… (a set of their own, as
// protocolNames).
var ourTitleAcronyms = wordSet(`ae se csm tam ce sdr bdr am pm sa`)

// welcomedByUs tells whether the name at i is one we welcome, as a new
// colleague is: "We welcomed Ana", "Please welcome Ana and Luis", "we
// welcomed two new engineers, Ana and Luis" (not "Marta welcomed us", nor
// "we welcomed Jill from Acme", a visitor).
func (rd *reader) welcomedByUs(i int) bool {
	if w := rd.word(rd.afterNames(i)); w == "from" || w == "of" || w == "at" {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-7; j-- {
		t := &rd.toks[j]
		if !t.word {
			continue
		}
		switch t.lower {
		case "welcome", "welcomed":
			return j == 0 || rd.word(j-1) == "we" || rd.word(j-1) == "please"
		case "from", "of", "at", "us":
			return false
		}
	}
	return false
}

// fromOurDepartment tells whether the name at i, or the list of names it
// opens, is followed by the department it is from or joins, in lower
// case, as one names a colleague: "Tom from marketing", "Priya Shah from
// our data team", "Sam from support", "we welcomed Marta and Joel to
// engineering" (not "Lena from Adventure Works", nor "Ravi from the data
// team at Fabrikam").
func (rd *reader) fromOurDepartment(i int) bool {
	j := rd.afterNames(i)
	if w := rd.word(j); w != "from" && w != "to" && w != "in" || j+1 >= len(rd.toks) {
		return false
	}
	if w := rd.word(j + 1); w == "our" || w == "my" {
		return true
	}
	// "Priya from support", "Sam from customer success": the functions
	// that serve customers are ours, in any case.
	k := j + 1
	if rd.word(k) == "customer" {
		k++
	}
	if w := rd.word(k); w == "support" || w == "success" || w == "care" {
		return true
	}
	return !rd.toks[j+1].cap && rd.is(j+1, departments)
}

// coordinatedWithOurs tells whether the title at i is joined by "and" or
// "or" to a group of ours, whose "our" it shares: "our sales team and
// product managers", "my co-founder or designers".
func (rd *reader) coordinatedWithOurs(i int) bool {
	j := i - 1
	for j >= 0 && j >= i-3 && rd.toks[j].word && !rd.is(j, determinerGeneric|determinerDefinite|possessives) {
		if w := rd.toks[j].lower; w == "and" || w == "or" {
			break
		}
		j--
	}
	if w := rd.word(j); w != "and" && w != "or" || j == 0 || rd.toks[j-1].stemIs(customerNouns|orgNouns|marketNouns) {
		return false // not "our customers and managers at hospitals"
	}
	for k := j - 1; k >= 0 && k >= j-3 && rd.toks[k].word; k-- {
		if w := rd.toks[k].lower; w == "our" || w == "my" {
			return k < j-1
		}
		if rd.is(k, determinerGeneric|determinerDefinite|possessives) {
			return false // "their CFO and purchasing managers"
		}
	}
	return false
}

// afterNames returns where the name at i ends, and with it the names
// listed after it: "Marta and Joel", "Tom, Ann and Li".
func (rd *reader) afterNames(i int) int {
	j := rd.capsEnd(i + 1) // the rest of the name
	for (rd.word(j) == "and" || j < len(rd.toks) && rd.toks[j].isPunct(",")) && j+1 < len(rd.toks) && rd.toks[j+1].cap {
		j = rd.capsEnd(j + 1) // the next one
	}
	return j
}

// capsEnd returns where the run of capitalized words that starts at i
// ends (i itself when the word at i is not one).
func (rd *reader) capsEnd(i int) int {
	for i < len(rd.toks) && rd.toks[i].word && rd.toks[i].cap {
		i++
	}
	return i
}

// inOurName tells whether the word at i is one of our names or in a run
// of capitalized words with one ("the Node.js Event Loop", Node.js ours;
// the run goes on over what is written without a space, as ".js").
func (rd *reader) inOurName(i int) bool {
	if !rd.toks[i].cap {
		return false
	}
	for _, dir := range []int{-1, 1} {
		for j := i; j >= 0 && j < len(rd.toks); j += dir {
			if rd.ours[rd.toks[j].lower] {
				return true
			}
			k := j + dir
			if k < 0 || k >= len(rd.toks) {
				break
			}
			touching := rd.toks[min(j, k)].end == rd.toks[max(j, k)].start
			if !touching && !(rd.toks[k].word && (rd.toks[k].cap || rd.ours[rd.toks[k].lower])) {
				break
			}
		}
	}
	return false
}

// titleOfOurs tells whether the word at i is a title held in one of the
// names given as ours: "the CFO of Acme", "an engineer at Acme Cloud", is
// our CFO, our engineer.
func (rd *reader) titleOfOurs(i int) bool {
	if i+2 >= len(rd.toks) || !rd.toks[i].stemIs(roleNouns) {
		return false
	}
	w, name := rd.toks[i+1].lower, &rd.toks[i+2]
	return (w == "of" || w == "at") && name.cap && rd.given[name.lower]
}

// afterDepartment tells whether "lead" or "head" at i follows a
// department or specialty ("Product Lead", "tech lead", "Head of").
func (rd *reader) afterDepartment(i int) bool {
	if rd.word(i+1) == "of" {
		return true
	}
	// A capital that opens the sentence says nothing ("For leads who …").
	return i > 0 && rd.toks[i-1].word && (rd.toks[i-1].cap && i > 1 || rd.is(i-1, departments) || leadUnits[rd.toks[i-1].lower])
}

// leadUnits before "lead" or "head" make it the title of who leads them:
// "the shift leads", "a store lead" (a set of its own, as protocolNames).
var leadUnits = wordSet(`shift team tech project store site crew floor squad line
	platform compliance release`)

// ourRelative tells whether a relative clause of ours follows the noun at
// i: "a large manufacturer we work with" is one particular customer.
func (rd *reader) ourRelative(i int) bool {
	for j := i + 1; j < len(rd.toks) && j <= i+3; j++ {
		if rd.is(j, firstPersonPlural|firstPersonSingular) {
			return true
		}
	}
	return false
}

// amongOurFunctions tells whether the title at i stands in a list with our
// own functions ("product managers, marketing, even SDRs, Inside Sales").
func (rd *reader) amongOurFunctions(i int) bool {
	n := 0
	for j := max(0, i-8); j < min(len(rd.toks), i+9); j++ {
		if j != i-1 && rd.is(j, ourFunctionNames) {
			n++
		}
	}
	return n >= 2
}

// speaksOfFeedback tells whether the sentence speaks of feedback or
// usability sessions ("Gathering user feedback is critical"), where the
// user one meets is one person.
func (rd *reader) speaksOfFeedback() bool {
	for i := range rd.toks {
		if w := rd.toks[i].lower; w == "feedback" || w == "usability" {
			return true
		}
	}
	return false
}

// welcomesColleague tells whether the sentence speaks to a new colleague of
// their first days with us, as an onboarding page or a handbook does: "On
// your first day, …", "during your first week", "your buddy". Such a
// text's "you" is ours, and so are the people it introduces. A page that
// sells a product speaks otherwise: "value from your first day", "meet
// your mentor" on a mentoring product's page.
func (rd *reader) welcomesColleague() bool {
	if rd.pitch || rd.toCustomer {
		return false
	}
	for i := range rd.toks {
		if rd.toks[i].lower != "your" {
			continue
		}
		switch rd.word(i + 1) {
		case "buddy":
			return true
		case "first":
			switch rd.word(i + 2) {
			case "day", "days", "week", "weeks":
				return rd.word(i-1) != "from"
			}
		}
	}
	return false
}

// staffWord tells whether the word at i, in a text that welcomes a new
// colleague, refers to the reader or to the colleagues they will meet: a
// "you", "people", "someone", "your point of contact", a pronoun, or a
// name no sentence has given to a customer.
func (rd *reader) staffWord(i int) bool {
	t := &rd.toks[i]
	if t.is(secondPerson|genericPeople|objects|thirdPlural|thirdSingularPerson) || t.stemIs(contactNouns) {
		return true
	}
	if t.cap && t.is(firstNames) && !rd.people[t.lower] {
		return true
	}
	return t.stemIs(roleNouns) && rd.word(rd.determinerAt(i)) == "your"
}
