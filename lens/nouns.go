package lens

// classify decides whether the word at i refers to a customer, and at which
// level. plural tells whether "they" can point back to it.
func (rd *reader) classify(i int, heading bool, cur *referents) (lvl Level, ok, plural bool) {
	t := &rd.toks[i]
	if !t.cap && (t.cls|t.stemCls)&readClasses == 0 && (rd.lowerOrg == "" || t.base != rd.lowerOrg) {
		if rd.about != AboutAnyone && rd.companysSite(i) {
			// A company's notes: "the depot runs two shifts"; a person's:
			// "runs the Porto bakery's night shift", where they work.
			return Enterprise, true, true
		}
		return // most words: in no list the cases below read
	}
	w, base, pl := t.lower, t.base, t.plural
	prev, next := rd.word(i-1), rd.word(i+1)
	switch {
	case t.is(firstPersonPlural) && rd.customerSpeaks():
		return Enterprise, true, true
	case t.is(firstPersonSingular) && rd.customerSpeaks():
		return Person, true, false
	case t.is(firstPersonSingular) && rd.persona:
		return Role, true, false
	case t.is(thirdPlural|thirdSingularPerson) && rd.pronounsDeclared(i):
		return // "(she/her)" says how to refer to someone, it refers to no one
	case t.is(thirdPlural):
		if cur.hasPlur {
			return cur.plural, true, true
		}
		if rd.prev.hasPlur {
			return rd.prev.plural, true, true
		}
		if rd.about == AboutACompany {
			return Enterprise, true, true // a company's story: "they" with no one before is the company
		}
	case t.is(thirdSingularPerson):
		if rd.titled >= 0 && rd.titled < len(rd.found) {
			// "the marketing director …, but she may move": the title
			// named one person.
			rd.found[rd.titled].Level = Person
			rd.titled = -1
			return Person, true, false
		}
		if cur.hasSing {
			return cur.singular, true, false
		}
		if rd.prev.hasSing {
			return rd.prev.singular, true, false
		}
		if rd.about == AboutAPerson {
			return Person, true, false // a person's notes: "she" with no one before is the person
		}
	case t.cap && rd.isCustomerOrg(i), base == rd.lowerOrg && base != "":
		return Enterprise, true, true // "Acme", "Acme’s", "adidas"
	case t.cap && i > 0 && !heading && rd.titleName != "" && (w == rd.titleName || base == rd.titleName) && !rd.ours[w]:
		remember(rd.orgs, rd.titleName)
		return Enterprise, true, true // "Modivcare: …" in the title, then "… Modivcare consolidated …"
	case t.cap && !t.allCaps && t.is(firstNames) && rd.isName(i, heading):
		return rd.name(i)
	case t.cap && !t.allCaps && rd.people[trimPossessive(w)] && !rd.ours[w] && !rd.restOfName(i):
		rd.rememberSurname(i + 1)  // "said Tomás Ortega, …" and then "Ortega"
		return Person, true, false // a customer's name read before: "says Chakrabarti", "Raman's team"
	case t.cap && t.cls == 0 && t.stemCls == 0 && rd.unknownPair(i, 1) && rd.titledName(i):
		return rd.name(i) // "Gareth Watts, co-founder and CTO of Atolio"
	case t.cap && !t.allCaps && isPossessive(w) && rd.sitesOwner(i) >= 0:
		// "Greenfield Dairy's Leeds plant", "Northwind's depot": the
		// organization whose site it is, and whose name the text may use
		// again ("Greenfield renews in March").
		start := rd.sitesOwner(i)
		remember(rd.orgs, trimPossessive(rd.toks[start].lower)) // "Greenfield" of "Greenfield Dairy"
		rd.add(rd.toks[start].start, t.end-(len(w)-len(trimPossessive(w))), Enterprise)
		cur.plural, cur.hasPlur = Enterprise, true
		return 0, false, false
	case t.cap && t.is(orgSuffixes) && i > 0:
		if start, ok := rd.orgName(i); ok {
			// The mention spans the whole name, so it is added here. A
			// body named after customers ("the End User Working Group", a
			// "Customer Advisory Board") gathers them as a group.
			l := Enterprise
			for j := start; j < i; j++ {
				if rd.toks[j].stemIs(customerNouns) {
					l = Market
				}
			}
			rd.add(rd.toks[start].start, t.end, l)
			cur.plural, cur.hasPlur = l, true
			return 0, false, false
		}
	case t.is(decisionWord) && (next == "maker" || next == "makers"):
		return Role, true, true
	case t.stemIs(customerNouns):
		if prev == "ideal" {
			return Market, true, true // "an Ideal Customer Profile", "our ideal customer": the ICP
		}
		if t.cap && i > 0 && rd.toks[i-1].word && !heading && rd.word(i+1) != "" {
			return // "User Deep Dive", "User interviews calendar": a thing of ours
		}
		return rd.customerNoun(i, base, pl)
	case t.stemIs(marketNouns) || w == "icps":
		if base == "market" && (prev == "to" || next == "to" || next == "fit" || prev == "the" && rd.word(i-2) == "on") {
			return
		}
		return Market, true, true
	case t.stemIs(orgNouns) && t.cap && i > 0 && !heading && rd.word(i-1) != "" && !rd.toks[i-1].cap && !rd.is(i+1, orgSuffixes) && (i+1 >= len(rd.toks) || !rd.toks[i+1].cap):
		return // "every Business and Enterprise workspace": a plan of ours by its name
	case t.stemIs(orgNouns):
		return rd.orgNoun(i, base, pl)
	case base == "team" && !pl && rd.ofACustomersPerson(i-1):
		return Enterprise, true, true // "J’s team", "his team": a customer's person's team
	case base == "team" && (pl || rd.is(i-1, determinerGeneric)) && !rd.is(rd.determinerAt(i), firstPersonPlural|firstPersonSingular) && rd.usesOurProduct(i+1):
		return Market, true, true // "which teams use Mattermost", "a team using OpenTelemetry in production"
	case t.stemIs(roleNouns) || t.is(roleNouns):
		return rd.roleNoun(i, base, pl)
	case w == "person" && (prev == "the" || prev == "each"):
		return Person, true, false // "customized to the person"
	case t.stemIs(contactNouns) && !pl && rd.is(rd.contactDeterminer(i), determinerGeneric|determinerDefinite|possessives|specificCues) && !rd.introducedAsOurs(i):
		return Person, true, false // "our contact", "that contact's world"
	case t.stemIs(contactNouns) && pl && rd.is(i-1, quantifiers):
		return Market, true, true // "all contacts in HubSpot": contacts as a group
	case t.stemIs(contactNouns) && pl && rd.is(i-1, possessives|otherDeterminers):
		return Person, true, true
	case t.stemIs(contactNouns) && pl && w == "contacts" && rd.word(i+1) != "" && !rd.toks[i+1].cap && !rd.is(i+1, determinerGeneric|determinerDefinite|possessives|objects) &&
		!rd.toks[i+1].stemIs(customerNouns|roleNouns|colleagueNouns|orgNouns|genericPeople|memberNouns):
		// "All contacts in HubSpot", "import contacts into": a CRM's
		// contacts, as a group; not the verb ("the champion contacts IT",
		// "directly contacts employees who …").
		return Market, true, true
	case t.is(whoWords) && rd.buyingQuestion(i):
		return Role, true, true // "Who makes this kind of decision?"
	case t.is(secondPerson) && rd.quotedAt(i) && !rd.inQuote && rd.addressee >= 0:
		// In a quote addressed to a customer, "you" is that customer.
		return Level(rd.addressee), true, false
	case (rd.toCustomer || rd.pitch) && t.is(secondPerson) && !rd.customerSpeaks() && !rd.quotedWord(i):
		if rd.toCustomer {
			return Enterprise, true, true // "How long have you been in business?", under "Customer questionnaire"
		}
		return Market, true, true // "Efficient communication for your business", on a page sold to a market
	case rd.interviewing && t.is(secondPerson):
		// An interview's question asks the one interviewed about
		// themself ("Tell us about yourself") or about their team's
		// work ("How did you transition?").
		if w == "yourself" || next == "role" {
			return Person, true, false
		}
		return Enterprise, true, true
	case t.stemIs(communityNouns):
		if rd.customerSpeaks() || rd.quotedWord(i) || t.cap && !heading || rd.is(i-1, communityOwners) || rd.is(i+1, ourFunctions|communityWork) ||
			i > 0 && rd.toks[i-1].cap && rd.toks[i-1].word && !rd.ours[prev] {
			return // "the Kubernetes community" in a quote, the "development community"
		}
		return Market, true, true // "our community", "community members"
	case t.stemIs(industries):
		if rd.industryLine() {
			return Market, true, true // "Healthcare", "Finance", "E-commerce" as a list's items
		}
	case t.is(genericPeople):
		if prev == "our" || prev == "other" || w == "person" && prev == "in" || next == "at" || next == "in" && rd.word(i+2) == "our" ||
			rd.headcount(i) || rd.is(i-1, ourSideModifiers) || i > 0 && rd.toks[i-1].cap && rd.toks[i-1].word ||
			i+1 < len(rd.toks) && rd.toks[i+1].isPunct(":") || t.cap && rd.is(i+1, departments|colleagueNouns|ourFunctions) ||
			t.cap && len(rd.toks) == 1 {
			// "our people", "43 people", "Sales people", "People: $72,000",
			// "the People team", a section "People"; "meet in person"
			return
		}
		if !rd.peopleAsCustomers(i) {
			return // "the same person", "catch people out", "hand it over to someone": people, not customers
		}
		return Market, true, true
	}
	return
}

var decisionWord = newClass(`decision`)

// readClasses are the classes classify reads a word that is not
// capitalized by; a word in none of them refers to no customer.
var readClasses = firstPersonPlural | firstPersonSingular | thirdPlural | thirdSingularPerson |
	decisionWord | customerNouns | marketNouns | orgNouns | roleNouns | contactNouns |
	whoWords | secondPerson | genericPeople | communityNouns | industries | colleagueNouns

// companysSite tells whether the word at i is one of the company's sites
// that a text about the company, or about one of its people, names with
// "the" or "their": "the depot", "their plant in Hull" (not "our office",
// nor "a plant").
func (rd *reader) companysSite(i int) bool {
	t := &rd.toks[i]
	if t.plural || !siteNouns[t.base] {
		return false
	}
	if n := i + 1; n < len(rd.toks) && rd.toks[n].word && rd.toks[n].stemIs(roleNouns|occupations) {
		return false // "the plant manager": the title's, not the site
	}
	w := rd.word(rd.determinerAt(i))
	return w == "the" || w == "their"
}

// siteNouns are the places a company works in (a set of their own, as
// protocolNames).
var siteNouns = wordSet(`depot plant factory warehouse store shop branch site
	headquarters hq mill mine farm bakery kitchen clinic lab laboratory yard
	dairy restaurant distribution centre center workshop`)

// industries name the industries customers are in. An industry is a
// market (the guide), but the words are common in other senses ("finance"
// as our own team, "education" as learning), so only a line that is
// nothing but industries is read as one: a list of the industries a text
// sells to ("Healthcare", "Logistics", "AI and data", "Banking & insurance").
var industries = newClass(`healthcare health finance financial fintech banking
	insurance education edtech logistics e-commerce ecommerce retail
	manufacturing automotive telecom telecommunications media entertainment
	gaming government nonprofit non-profit nonprofits pharma pharmaceutical
	pharmaceuticals biotech energy utilities agriculture construction
	transportation travel hospitality aerospace defense defence legal
	insurtech healthtech proptech martech adtech saas b2b b2c`)

// industryLine tells whether the sentence is a short line of industries
// joined by "and", "or", commas, slashes or ampersands, and either a
// list's item or more than one industry: a heading "Travel" or "Legal" is
// a handbook's section.
func (rd *reader) industryLine() bool {
	words, named := 0, 0
	for i := range rd.toks {
		t := &rd.toks[i]
		switch {
		case !t.word && t.isPunct(",&/-–—*•"):
		case !t.word:
			return false
		case t.stemIs(industries):
			named++
			words++
		case t.lower == "and" || t.lower == "or" || t.lower == "ai" || t.lower == "data":
			words++
		default:
			return false
		}
	}
	return words <= 4 && (rd.listItem || named > 1)
}

// communityNouns speak of the people around an open-source product: its
// users, as a group ("our community", "community members").
var communityNouns = newClass(`community`)

// communityOwners before "community" make it a community of makers, not
// of users ("the development community").
var communityOwners = newClass(`development developer developers contributor contributors maintainer maintainers research`)

// objects after a verb name whom it acts on: "contacts anyone".
var objects = newClass(`anyone everyone someone anybody everybody somebody them him her us me you employees staff`)

// communityWork after "community" names our own work with it ("community
// manager", "Community Management Tools", "a community CRM").
var communityWork = newClass(`management manager managers crm tools tool relations`)

// championSubjects before "champion" make it a verb: "we champion", "help
// champion", "to champion".
var championSubjects = newClass(`to help helps helped we they you i will can should must`)

// peopleAsCustomers tells whether people at i are spoken of as customers:
// in a sentence that has a word for customers, names our product or what
// we sell ("customers are people first", "people already aware of your
// product", "this helps people know they're not the first to use
// PostHog"), or goes on to what they do with it ("people who buy things",
// "something people want"); or, for "people", after a sentence about
// customers at large.
func (rd *reader) peopleAsCustomers(i int) bool {
	if rd.customerWords || rd.toks[i].lower == "people" && rd.prev.hasPlur && rd.prev.plural == Market {
		return true // customers here, or at large in the sentence before
	}
	for j := range rd.toks {
		if t := &rd.toks[j]; t.word && (t.cap && rd.ours[t.lower] || offerings[t.base]) {
			return true
		}
	}
	for j := i + 1; j < len(rd.toks) && j <= i+3; j++ {
		if rd.toks[j].isPunct(",.;:!?") {
			break
		}
		if t := &rd.toks[j]; t.word && customerDoings[t.lower] {
			return true
		}
	}
	return false
}

// offerings are what we sell and how it meets people ("your product", "see
// your ad", "the funnel"), by their stems. They and customerDoings are sets
// of their own, not classes of the lexicon: a word of the lexicon is no
// longer an unknown capitalized word ("Product Analytics"), which names
// and the model's features read.
var offerings = wordSet(`product ad advert brand funnel feature pricing trial
	demo`)

// customerDoings are what people do with what we sell, after "people" or
// "someone" ("people want", "people who use it", "get people to try it").
var customerDoings = wordSet(`use uses using used buy buys buying bought pay pays
	paying paid want wants wanted try tries trying tried click clicks clicking
	sign signs signing choose chooses chose adopt adopts adopting love loves
	need needs ask asks asking asked talk talks interact interacts`)

// genericPeople speak of people at large; where a sentence speaks of
// customers they mean customers as a group ("build something people
// want"; peopleAsCustomers).
var genericPeople = newClass(`people person someone`)

// is tells whether the token at i is a word of class c.
func (rd *reader) is(i int, c class) bool {
	return i >= 0 && i < len(rd.toks) && rd.toks[i].cls&c != 0
}

// word returns the lower-cased word at i, or "" when i is out of range or
// not a word.
func (rd *reader) word(i int) string {
	if i < 0 || i >= len(rd.toks) || !rd.toks[i].word {
		return ""
	}
	return rd.toks[i].lower
}

// pronounsDeclared tells whether the pronoun at i is part of a
// declaration of pronouns ("she/her", "they/them"): a slash joins it to
// another pronoun.
func (rd *reader) pronounsDeclared(i int) bool {
	slashed := func(j, k int) bool {
		return j >= 0 && k < len(rd.toks) && rd.toks[j].isPunct("/") && rd.toks[k].is(thirdPlural|thirdSingularPerson)
	}
	return slashed(i+1, i+2) || slashed(i-1, i-2)
}

// specificCues make an indefinite "a client" one particular organization.
var specificCues = newClass(`another particular certain specific one`)

func (rd *reader) customerNoun(i int, base string, plural bool) (Level, bool, bool) {
	prev := rd.word(i - 1)
	if rd.customerSpeaks() {
		return 0, false, false // a customer's own customers are not ours
	}
	if !plural && rd.is(i+1, ourFunctions) {
		return 0, false, false
	}
	if n := i + 1; !plural && !rd.toks[i].cap && n < len(rd.toks) {
		if rd.toks[n].isPunct(",") {
			n++
		}
		if n < len(rd.toks) && rd.toks[n].cap && rd.isCustomerOrg(n) {
			return Enterprise, true, true // "our customer Acme": the one it names
		}
	}
	switch {
	case base == "buyer" && (prev == "economic" || prev == "technical" || prev == "business"),
		base == "user" && (prev == "power" || prev == "day-to-day"):
		return Role, true, true
	case prev == "and" || prev == "or" || i > 0 && rd.toks[i-1].isPunct(","):
		if n := len(rd.found); n > 0 && rd.found[n-1].Level == Role && rd.found[n-1].End >= rd.toks[i-1].start-2 {
			return Role, true, true // "decision maker and user", "Influencer, User"
		}
	}
	if !plural && rd.is(i+1, roleNouns) && !isPossessive(rd.toks[i].lower) {
		return 0, false, false // "customer champions": a modifier of the role
	}
	if rd.placeholder(i) {
		// "[customer]", "@[relevant customer member]": a template's slot for
		// one customer, or one of their people.
		if rd.is(i+1, memberNouns) {
			return Person, true, false
		}
		return rd.instance(Enterprise)
	}
	if plural && rd.word(i-2) == "of" && rd.is(i-1, possessives|determinerDefinite) && fewCustomers[rd.word(i-3)] {
		return rd.instance(Enterprise) // "one of our customers, a regional bank,": a particular one
	}
	if rd.ourRanked(i, plural) {
		return rd.instance(Enterprise) // "our first customer"
	}
	if plural {
		if rd.persona && (i == 0 || rd.listItem) {
			return Role, true, true // a persona page's layers: "Users: evaluate…", "- Buyers (Economic Decision-Makers)"
		}
		return Market, true, true
	}
	possessive := isPossessive(rd.toks[i].lower)
	definite := rd.is(i-1, determinerDefinite) || prev == "potential" && rd.word(i-2) == "the" ||
		base == "customer" && rd.is(rd.determinerAt(i), determinerDefinite) || // "the churned customer"
		i == 0 && rd.is(i+1, procedureVerbs) // "Customer states: …", "Customer is asked to …": a procedure's "the customer"
	if n := i + 1; n < len(rd.toks) && !possessive && rd.toks[n].word && rd.toks[n].plural && rd.toks[n].cls == 0 && !isPossessive(rd.toks[n].lower) &&
		!rd.is(n+1, determinerGeneric|determinerDefinite|possessives) { // "the client reviews our work": a verb
		return Market, true, true // "the customer strategies": customer as a modifier
	}
	switch {
	case base == "user" && (definite && (rd.instances > 0 || rd.meetsUsers || rd.isStep()) || prev == "your"):
		// "the user" one meets, in a text about interviews and feedback
		// sessions, or after particular customers: the one at hand.
		return Person, true, true
	case base == "user" && definite:
		return Market, true, true // "when the user is not root, the call fails": any user
	case definite && (possessive || rd.is(i+1, orgParts)):
		return rd.instance(Enterprise)
	case definite && base != "customer" || prev == "this" || prev == "that":
		return rd.instance(Enterprise)
	case definite && rd.word(i-2) != "on" && (rd.instances > 0 || rd.procedure || rd.isStep()):
		// "the customer", once the text has been about particular
		// customers or has told the reader a step to take with one, is
		// the one at hand; before that, or in "focus on the customer", it
		// stands for customers at large.
		return Enterprise, true, true
	case !possessive && rd.is(i+1, orgParts) && prev != "a":
		return rd.instance(Enterprise) // "customer logos", "customer org"
	case rd.is(i-1, specificCues) || (prev == "a" || prev == "an") && rd.past:
		return rd.instance(Enterprise)
	case prev == "each" || prev == "every":
		return Enterprise, true, true
	}
	return Market, true, true
}

// isStep tells whether the sentence is a step of a procedure, told to the
// reader: it opens with a verb of doing something with someone ("Send an
// acknowledgment email to the churned customer", "Help the customer with
// adoption"), or with a condition and then such a verb ("If the customer
// has not replied, send a reminder"). "The customer" in a step is the one
// the procedure is for.
func (rd *reader) isStep() bool {
	for i := range rd.toks {
		if !rd.toks[i].word {
			continue
		}
		if rd.toks[i].is(stepVerbs) {
			return true
		}
		if !stepConditions[rd.toks[i].lower] {
			return false
		}
		for j := i + 1; j+1 < len(rd.toks); j++ {
			if rd.toks[j].isPunct(",") {
				return rd.toks[j+1].is(stepVerbs)
			}
		}
		return false
	}
	return false
}

// fewCustomers before "of our customers" count particular ones: "one of
// our customers", not "many of our customers" (a set of its own, as
// protocolNames).
var fewCustomers = wordSet(`one two three`)

// stepConditions open the condition of a step: "If …, send …" (a set of its
// own, as protocolNames).
var stepConditions = wordSet(`if when once after before unless until`)

var stepVerbs = newClass(`send help provide ask allow update close locate include
	schedule share invite introduce review contact email call meet tell give
	follow thank remind notify inform`)

// procedureVerbs after a bare "Customer" opening a sentence make it the
// subject a procedure speaks of, as "the customer" is.
var procedureVerbs = newClass(`is was has had states says meets wants needs asks
	requests agrees signs completes chooses decides reports confirms replies
	responds receives`)

// instance records that the text speaks of particular customers and
// returns the mention's level.
func (rd *reader) instance(l Level) (Level, bool, bool) {
	rd.instances++
	return l, true, true
}

// placeholder tells whether the word at i is inside square brackets, as a
// template's slot is: "[customer a]".
func (rd *reader) placeholder(i int) bool {
	for j := i - 1; j >= 0 && j > i-4; j-- {
		if rd.toks[j].isPunct("[") {
			return true
		}
		if !rd.toks[j].word {
			return false
		}
	}
	return false
}

// orgParts after "customer" make it one organization's: "the customer
// side", "customer logos", "the customer's employees".
var orgParts = newClass(`side org organization organisation logo logos
	employees staff site website offices office headquarters hq account
	instance infrastructure implementation`)

// memberNouns after "customer" in a placeholder make it one of their people.
var memberNouns = newClass(`member contact name champion person`)

// negations keep a sentence from narrating what happened: "Many have
// never visited a customer" met no one.
var negations = newClass(`never not no n't didn't don't doesn't haven't hasn't wasn't weren't`)

// pastCues make a sentence narrate what happened, which makes an
// indefinite "a client" one real client rather than any client: among
// them the verbs of meeting one ("we spoke with a release manager").
var pastCues = newClass(`was were had did visited met worked been i'd we'd
	spoke talked interviewed`)

func (rd *reader) orgNoun(i int, base string, plural bool) (Level, bool, bool) {
	if base == "account" && (rd.ourAccountWork(i) || rd.loginAccount(i)) {
		return 0, false, false
	}
	if base != "account" && !isPossessive(rd.toks[i].lower) && thingsOfAnOrganization[rd.word(i+1)] {
		return 0, false, false // "a quarterly business review", "the company handbook", "an enterprise license"
	}
	if rd.ourRanked(i, plural) {
		return rd.instance(Enterprise) // "our first hospital", "our three largest accounts"
	}
	prev := rd.word(rd.determinerAt(i))
	if prev == "our" || prev == "my" {
		return 0, false, false
	}
	if !plural && rd.ofACustomersPerson(i-1) {
		return Enterprise, true, true // "J’s company", "his organization": where a customer's person works
	}
	if !plural && rd.about == AboutACompany {
		return Enterprise, true, true // a company's story: "a family-owned manufacturer", "the company" is that company
	}
	if plural {
		if rd.past && rd.counted(i) {
			return rd.instance(Enterprise) // "we visited three logistics companies"
		}
		if base == "account" || rd.customer || rd.pitch || rd.audienceBefore(i) {
			return Market, true, true // "we build for mid-sized manufacturers"
		}
		return 0, false, false
	}
	if base == "enterprise" && !rd.is(i-1, determinerDefinite) {
		return Market, true, true // "large enterprise" as a market
	}
	d := rd.determinerAt(i)
	switch {
	case rd.is(d, determinerGeneric) && rd.ourRelative(i):
		return Enterprise, true, true // "a large manufacturer we work with"
	case rd.is(d, determinerGeneric) && !rd.past:
		return Market, true, true // "any other company", "an enterprise"
	case base == "account" && prev != "your" && prev != "an":
		return Enterprise, true, true
	case prev == "their" && rd.prev.hasPlur:
		return Enterprise, true, true
	case rd.is(d, determinerDefinite|specificCues) && rd.customerContext():
		return Enterprise, true, true
	case (prev == "a" || prev == "an") && rd.past && rd.customerContext():
		return Enterprise, true, true
	}
	return 0, false, false
}

// thingsOfAnOrganization are the nouns an organization's noun is put
// before to name a thing, a time or a function rather than an
// organization: "business review", "business days", "company handbook",
// "enterprise edition" (a set of their own, as protocolNames). "Account"
// is left to ourAccountWork: an "account plan" is a plan for a customer.
var thingsOfAnOrganization = wordSet(`review reviews case cases model models
	hours days trip trips travel card cards school news edition editions tier
	tiers license licenses licence licences handbook policy policies culture
	values offsite offsites website development intelligence logic continuity`)

// ofACustomersPerson tells whether the word at j is the possessive of a
// customer's person the text has named ("J’s", "Tobias’s"), or "his" or
// "her" close after the text has met one.
func (rd *reader) ofACustomersPerson(j int) bool {
	w := rd.word(j)
	switch {
	case w == "":
		return false
	case w == "his" || w == "her":
		return len(rd.people) > 0 && rd.sinceCustomer <= 2
	case isPossessive(w) && rd.toks[j].cap:
		name := trimPossessive(w)
		return rd.people[name] && !rd.ours[name]
	}
	return false
}

// loginAccount tells whether "account" at i is one that someone logs in
// with, not a customer: "a root account", "the account name", "create an
// account", "set up all the accounts you need", "your YouTube account".
func (rd *reader) loginAccount(i int) bool {
	switch rd.word(i + 1) {
	case "name", "names", "password", "passwords", "settings", "credentials", "login", "id", "ids":
		return true
	case "you":
		switch rd.word(i + 2) {
		case "need", "have", "use", "will", "create":
			return true
		}
	}
	switch rd.word(i - 1) {
	case "root", "local", "user", "admin", "administrator", "guest", "service", "system", "email",
		"personal", "social", "test", "bank", "shared", "twitter", "github", "gitlab", "google",
		"youtube", "slack", "aws", "linkedin":
		return true
	}
	switch rd.word(rd.determinerAt(i) - 1) {
	case "create", "creating", "created", "without", "register", "open", "opening":
		return true
	}
	return false
}

// accountWork after "account" names our work with accounts.
var accountWork = newClass(`management manager managers mapping planning liaison
	liaisons executive executives owner owners rep reps`)

// occupations are roles that, in the plural, also name a market of their
// own ("we build for developers").
var occupations = newClass(`developer engineer`, frontlineJobs)

// occupationThings after a singular occupation make it a modifier of a
// thing: "developer experience", "engineering productivity", "developer
// portal".
var occupationThings = newClass(`experience productivity portal portals tool tools
	tooling velocity instance instances environment environments platform docs
	documentation relations advocacy community collaboration workflow workflows
	onboarding program programs edition console api apis sdk sdks preview mode
	machine machines vm vms laptop laptops setup focused friendly
	first-class happiness efficiency satisfaction`)

// ownStaffTitles after "your" in the singular are the reader's own
// colleagues, as an onboarding page speaks of them: "your manager", "your
// buddy".
var ownStaffTitles = newClass(`manager supervisor lead mentor buddy boss director`)

// audienceCues before a plural occupation make it the audience a product
// is built for or sold to: "for developers", "marketing to engineers".
var audienceCues = newClass(`for to on at like chose targeting target reach
	technical individual`)

// counted tells whether a small count stands just before the plural at i,
// or before the one word that qualifies it: "three hospitals", "two
// logistics companies" (in a past sentence, the ones met).
func (rd *reader) counted(i int) bool {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if w := rd.word(j); smallCounts[w] || w != "" && w[0] >= '2' && w[0] <= '9' && len(w) == 1 {
			return true
		}
		if !rd.toks[j].word || rd.toks[j].cls&^industries != 0 {
			return false
		}
	}
	return false
}

// ourRanked tells whether the customer or organization at i is one of
// ours singled out by its rank, or a few counted so: "our first customer",
// "our largest account", "our three largest accounts" (not "our largest
// customers", a group).
func (rd *reader) ourRanked(i int, plural bool) bool {
	d := rd.determinerAt(i)
	if w := rd.word(d); w != "our" && w != "my" {
		return false
	}
	ranked, counted := false, false
	for j := d + 1; j < i; j++ {
		ranked = ranked || ranks[rd.toks[j].lower]
		counted = counted || smallCounts[rd.toks[j].lower]
	}
	return ranked && (!plural || counted)
}

// ranks single out one customer of ours, or a few (a set of its own, as
// protocolNames).
var ranks = wordSet(`first second third last best biggest largest newest oldest
	latest earliest smallest top`)

// smallCounts are the counts of a few particular customers (a set of its
// own, as protocolNames).
var smallCounts = wordSet(`two three four five six seven eight nine ten several`)

// customersOwn tells whether the noun at i is said to be a customer's:
// "their VP of Operations", "Tailspin's VP of Operations".
func (rd *reader) customersOwn(i int) bool {
	d := rd.determinerAt(i)
	if d < 0 || d >= i {
		return false
	}
	return rd.word(d) == "their" || isPossessive(rd.toks[d].lower) && rd.isCustomerOrg(d)
}

// audienceBefore tells whether an audience cue stands just before the
// plural at i, or before the one word that qualifies it: "for hospitals",
// "to mid-sized manufacturers".
func (rd *reader) audienceBefore(i int) bool {
	if rd.is(i-1, audienceCues) {
		return true
	}
	return i > 1 && rd.toks[i-1].word && rd.toks[i-1].cls == 0 && !rd.toks[i-1].cap && rd.is(i-2, audienceCues)
}

func (rd *reader) roleNoun(i int, base string, plural bool) (Level, bool, bool) {
	prev := rd.word(i - 1)
	if plural && rd.customerSpeaks() && rd.toks[i].stemIs(occupations) && (rd.is(i-1, firstPersonPlural) || rd.is(i-2, firstPersonPlural) && rd.is(i-1, ourSideModifiers)) {
		// "We teach our internal engineers…", said by a customer: the
		// customer's own people by their job.
		return Role, true, true
	}
	if rd.is(i-1, ourSideModifiers) || prev == "as" || rd.headcount(i) || rd.besideName(i) {
		return 0, false, false
	}
	if !plural && rd.toks[i].stemIs(occupations) && rd.is(i+1, occupationThings) {
		return 0, false, false // "developer experience", "developer portal": a thing, no one
	}
	if !plural && prev == "your" && rd.is(i, ownStaffTitles) {
		return 0, false, false // "your manager will meet you on your first day": the reader's own
	}
	if rd.word(i+1) == "of" && i+2 < len(rd.toks) && rd.toks[i+2].cap && (rd.is(i+2, ourSideModifiers) || rd.departmentRun(i+2)) && !rd.customersOwn(i) &&
		(rd.about == AboutAnyone || rd.word(rd.determinerAt(i)) == "our") {
		return 0, false, false // "Head of Sales", "Chief of Delivery": our own office
	}
	if base == "owner" && rd.is(i-1, ownedThings|contactNouns) {
		return 0, false, false // "the contact owner", "the case study owner": who looks after it here
	}
	if rd.ourCompound(i) {
		return 0, false, false // "Mattermost case study coordinator": a title of ours
	}
	if prev == "product" && (base == "manager" || base == "owner") && rd.word(i-2) != "their" && !isPossessive(rd.word(i-2)) &&
		!rd.atCustomers(i+1) && rd.about == AboutAnyone && !rd.persona {
		return 0, false, false // "Product managers review new requests every Monday": ours, as "sales managers" are
	}
	if rd.coordinatedWithOurs(i) {
		return 0, false, false // "our sales team and product managers"
	}
	if base == "champion" && !plural && rd.is(i-1, championSubjects) {
		return 0, false, false // "we want to help champion this industry": a verb
	}
	if base == "lead" && prev == "qualified" {
		return Market, true, true // "a Marketing Qualified Lead": a prospect
	}
	if (base == "lead" || base == "head") && !rd.afterDepartment(i) {
		if base == "lead" && plural && prev != "sales" {
			return Market, true, true // leads are prospects
		}
		return 0, false, false // "lead with that", "head to"
	}
	if plural && rd.toks[i].stemIs(occupations) {
		if rd.insideCustomer(i) {
			return Role, true, true // "Bitbucket developers", "his developers", "engineers at adidas"
		}
		if rd.is(i-1, audienceCues) {
			return Market, true, true
		}
		if rd.persona {
			return Role, true, true // a persona page's subject: "Platform engineers rarely hold the budget"
		}
		if (rd.customer || len(rd.found) > 0 || rd.about != AboutAnyone) && frontline[base] && rd.word(i+1) != "of" {
			// "Tellers in 212 branches use it daily", in a text about
			// customers (from its first sentence when Faces holds it, or
			// after a customer in the sentence: "Met Kofi and two
			// pickers"); not "the mechanics of the buffering".
			return Role, true, true
		}
		return 0, false, false
	}
	if rd.selfDescription(i) {
		return 0, false, false // "if you are a product manager", "as CEO"
	}
	if !plural && rd.describesSomeone(i) {
		return 0, false, false // "Mike Corsaro is a Senior Software Engineer at Bitbucket"
	}
	if !plural && rd.speaksTheQuote(i) {
		return Person, true, false // "“We passed our audit,” said the compliance lead": who said it
	}
	if !plural && rd.particular(i) {
		// "a factory worker I met", "the CEO … he said": one real person
		// named by their title.
		return Person, true, false
	}
	if rd.atCustomers(i + 1) {
		return Role, true, true // "IT directors at hospitals", "engineering leaders from customers of every size"
	}
	if !rd.toks[i].stemIs(strongRoleNouns) && rd.amongOurFunctions(i) {
		return 0, false, false // "product managers, marketing, even SDRs, Sales Ops"
	}
	// On a product page, the jobs of its market; in a text Faces holds
	// about a customer, their titles from its first word.
	if rd.strongRole(i, base) || rd.customerContext() || rd.pitch || rd.about != AboutAnyone {
		if !plural {
			rd.titled = len(rd.found) // she/he may turn it into a person
		}
		return Role, true, true
	}
	return 0, false, false
}

// strongRole tells whether the title at i names a customer's role with no
// customer in sight: a role only the customer side of a sale has ("the
// champion", "the CFO"). Stakeholders are a customer's only in a text that
// has spoken of one customer or of roles inside customers; in one that
// has not ("keep stakeholders updated on the incident"), they are ours.
func (rd *reader) strongRole(i int, base string) bool {
	if !rd.toks[i].stemIs(strongRoleNouns) {
		return false
	}
	return base != "stakeholder" || rd.docLevels[Enterprise]+rd.docLevels[Role] > 0
}

// speaksTheQuote tells whether the title at i, in a sentence with a
// quote, is the one who said it: "said the CTO", "says a nurse", "the
// CFO said".
func (rd *reader) speaksTheQuote(i int) bool {
	if !rd.quoted {
		return false
	}
	d := rd.determinerAt(i)
	if w := rd.word(d); w != "the" && w != "a" && w != "an" {
		return false
	}
	return rd.is(d-1, speechVerbs) || rd.is(i+1, speechVerbs)
}

// contactDeterminer returns where the determiner of the contact at i
// is, past one word that qualifies the contact whatever its class: "the
// technical contact", "a named contact", "our main contact".
func (rd *reader) contactDeterminer(i int) int {
	d := rd.determinerAt(i)
	if !rd.is(d, determinerGeneric|determinerDefinite|possessives|specificCues) && i >= 2 && rd.toks[i-1].word && !rd.toks[i-1].cap {
		return i - 2
	}
	return d
}

// atCustomers tells whether the words from j place a title among
// customers: "at hospitals", "from customers of every size", "at our
// customers", "in large enterprises", "at the account" (not "at our
// company", nor "at Acme", which the names read).
func (rd *reader) atCustomers(j int) bool {
	if w := rd.word(j); w != "at" && w != "from" && w != "in" {
		return false
	}
	for k := j + 1; k < len(rd.toks) && k <= j+4 && rd.toks[k].word; k++ {
		t := &rd.toks[k]
		switch {
		case t.cap:
			return false
		case t.stemIs(customerNouns | marketNouns):
			return !rd.is(k+1, ourFunctions) // not "from customer support"
		case t.stemIs(orgNouns):
			d := rd.word(rd.determinerAt(k))
			return d != "our" && d != "my" && !thingsOfAnOrganization[rd.word(k+1)]
		}
	}
	return false
}

// ownedThings are the records and pieces of work someone on our side is
// the owner of.
var ownedThings = newClass(`deal deals ticket tickets record records study page
	process project account lead`)

// insideCustomer tells whether the group at i is one inside a customer
// organization: said by the customer or in a text Faces holds about one,
// theirs ("his developers"), named with the customer ("Bitbucket
// developers", "engineers at adidas"), or in a sentence that has named the
// customer already.
func (rd *reader) insideCustomer(i int) bool {
	if rd.customerSpeaks() || rd.about != AboutAnyone {
		return true // a customer's words, or a text Faces holds about one
	}
	prev := rd.word(i - 1)
	if prev == "his" || prev == "her" || prev == "their" || prev == "its" {
		return true
	}
	if i > 0 && rd.toks[i-1].cap && rd.isCustomerOrg(i-1) {
		return true
	}
	if w := rd.word(i + 1); (w == "at" || w == "from" || w == "in") && i+2 < len(rd.toks) && rd.isCustomerOrg(i+2) {
		return true
	}
	for _, m := range rd.found {
		if m.Level == Enterprise {
			return true
		}
	}
	// A text that keeps speaking of one customer (a case study): its
	// developers are the customer's.
	return rd.index >= 3 && rd.docRate(Enterprise) >= 25
}

// isCustomerOrg tells whether the word at i names a customer
// organization the text has named before.
func (rd *reader) isCustomerOrg(i int) bool {
	t := &rd.toks[i]
	return t.word && (rd.orgs[t.lower] || rd.orgs[t.base]) && !rd.ours[t.lower] && !rd.ours[t.base]
}

// customerContext tells whether the current or the previous sentence has
// already referred to customers.
func (rd *reader) customerContext() bool {
	return len(rd.found) > 0 || rd.prev.hasPlur || rd.prev.hasSing
}

// placeHeads are nouns a place name is put before: "the Sydney team".
var placeHeads = newClass(`team teams office offices campus site branch region
	area headquarters hq airport`)

var teamWords = newClass(`team leadership staff`)

var requestVerbs = newClass(`ask contact ping message email cc thank thanks`)

// colleagueNouns name those who work with us, the acronyms of the jobs
// that serve customers among them: account executives, customer success
// and technical account managers, customer and sales engineers, sales and
// business development representatives ("one of our TAMs", "our CE").
var colleagueNouns = newClass(`team colleague partner co-founder cofounder teammate
	coworker co-worker boss investor friend ae aes csm csms tam tams ce ces
	se ses sdr sdrs bdr bdrs`)

// headcount tells whether a number comes just before the word at i: "3
// content marketers" counts our own staff, not customers.
func (rd *reader) headcount(i int) bool {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if t := rd.toks[j]; t.word && t.lower[0] >= '0' && t.lower[0] <= '9' {
			return true
		}
	}
	return false
}

var departments = newClass(`product engineering tech technical data design
	marketing sales growth team project program design ops operations security
	delivery`)

// determinerAt returns the index of the determiner of the noun at i,
// looking back over up to two modifiers ("a large manufacturer"), or i-1
// when there is none.
func (rd *reader) determinerAt(i int) int {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		t := &rd.toks[j]
		if !t.word {
			break
		}
		if t.is(determinerGeneric | determinerDefinite | specificCues | possessives) {
			return j
		}
		if t.cls != 0 {
			break
		}
	}
	return i - 1
}

var possessives = newClass(`our my your their his her its`)

// orgName reads "XYZ Corporation", "Acme Inc.": capitalized words ending
// in an organization suffix are a customer organization's name, unless
// the writer has placed themself in it.
func (rd *reader) orgName(i int) (start int, ok bool) {
	start = i
	for start > 0 && rd.toks[start-1].word && rd.toks[start-1].cap && start > i-3 {
		start--
	}
	if start == i || rd.ours[rd.toks[start].lower] || rd.firstPerson() && rd.word(start-1) == "at" {
		return 0, false
	}
	return start, true
}

// contactNouns are the individuals on the customer side we deal with.
var contactNouns = newClass(`contact interviewee fellow`)

var otherDeterminers = newClass(`all most many some few several these those both other`)

// quantifiers are the otherDeterminers that speak of a share of a group:
// "all contacts", "most customers".
var quantifiers = newClass(`all most many some few several`)

var secondPerson = newClass(`you your yours yourself you're you've you'll you'd`)

// quotedAt tells whether the token at i is inside quotation marks opened
// in this sentence. The marks are read once per sentence, when first
// asked (a scan per question was quadratic in a long sentence).
func (rd *reader) quotedAt(i int) bool {
	if !rd.quotesRead {
		rd.quotesRead = true
		rd.openBefore = rd.openBefore[:0]
		open := false
		for j := range rd.toks {
			rd.openBefore = append(rd.openBefore, open)
			switch t := &rd.toks[j]; {
			case t.isPunct("“"):
				open = true
			case t.isPunct("”"):
				open = false
			case t.isPunct("\""):
				open = !open
			}
		}
	}
	return rd.openBefore[i]
}

// quotedWord tells whether the word at i is inside quotation marks, or in a
// sentence a customer's quote spans.
func (rd *reader) quotedWord(i int) bool {
	return rd.inQuote || rd.quotedAt(i)
}

var whoWords = newClass(`who who's whom`)

// buyingVerbs ask about a buying role: who decides, approves, uses, pays.
var buyingVerbs = newClass(`makes make decides decide approves approve uses use
	buys buy signs sign owns own implemented implements evaluates evaluate
	influences influence blocks block pays pay champions`)

// buyingQuestion tells whether "who" at i opens a question about a buying
// role: "Who makes this kind of decision?", "Who approves budget?".
func (rd *reader) buyingQuestion(i int) bool {
	last := rd.toks[len(rd.toks)-1]
	if !last.isPunct("?") && !(len(rd.toks) > 1 && last.isPunct("”\"") && rd.toks[len(rd.toks)-2].isPunct("?")) {
		return false
	}
	return rd.is(i+1, buyingVerbs) || rd.word(i) == "who's" && rd.word(i+1) == "in"
}

// ourFunctionNames are our own go-to-market functions; a title listed
// among them is one of ours.
var ourFunctionNames = newClass(`sdr sdrs bdr bdrs sales marketing enablement
	ops revops`)

// monthNames are also first names ("April", "June", "May") or their short
// forms ("Jan"); in a date they name no one.
var monthNames = newClass(`january february march april may june july august
	september october november december jan feb mar apr jun jul aug sep sept
	oct nov dec`)

// senseWords are, beside the months, the words settleSenses reads.
var senseWords = newClass(`client leads lead`)

// dateCues before a month make it a date: "in May", "since June".
var dateCues = newClass(`in on since until till by from during through early
	late mid last next this before after`)

// sitesOwner returns the first word of the name whose possessive is at
// i, when the name is an organization's and one of its sites follows
// ("Greenfield Dairy's Leeds plant", "Northwind's depots"), or -1: a name
// the text gives as ours, a person's or a place's is no customer's.
func (rd *reader) sitesOwner(i int) int {
	j := i + 1
	for j < len(rd.toks) && j <= i+2 && rd.toks[j].word && rd.toks[j].cap {
		j++ // "Leeds"
	}
	if j >= len(rd.toks) || !rd.toks[j].word || rd.toks[j].cap || !siteNouns[rd.toks[j].base] {
		return -1
	}
	start := i
	for start > 0 && rd.toks[start-1].word && rd.toks[start-1].cap && !rd.toks[start-1].is(determinerDefinite|determinerGeneric) {
		start--
	}
	for k := start; k <= i; k++ {
		t := &rd.toks[k]
		base := trimPossessive(t.lower)
		if rd.ours[base] || rd.people[base] || lexiconTable.getHashed(base, hashWord(base)).nameCls&(firstNames|placeNames) != 0 {
			return -1 // "Maria's bakery", "London's factories"
		}
	}
	return start
}
