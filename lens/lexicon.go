package lens

import (
	_ "embed"
	"strings"
)

// The word lists below are written for this package (and licensed with it);
// the name and job-type lists in lexicon/ are generated from the licensed
// sources that lexicon/SOURCES.md names.

var (
	//go:embed lexicon/first_names.txt
	firstNamesText string
	//go:embed lexicon/last_names.txt
	lastNamesText string
	//go:embed lexicon/name_words.txt
	nameWordsText string
	//go:embed lexicon/job_types.txt
	jobTypesText string
	//go:embed lexicon/place_names.txt
	placeNamesText string
)

// Names are looked up only for capitalized words, in a map of their own,
// which keeps the main lexicon small enough to stay in cache.
var (
	firstNames = newClass()
	lastNames  = newClass()
	nameWords  = newClass()
	placeNames = newClass()
	names      = nameLexicon()
)

func nameLexicon() map[string]class {
	m := map[string]class{}
	for _, w := range strings.Fields(strings.ToLower(firstNamesText)) {
		m[w] |= firstNames
	}
	for _, w := range strings.Fields(strings.ToLower(lastNamesText)) {
		m[w] |= lastNames
	}
	for _, w := range strings.Fields(nameWordsText) {
		m[w] |= nameWords
	}
	for _, w := range strings.Fields(placeNamesText) {
		m[w] |= placeNames
	}
	return m
}

// class is a set of word classes; every list below is one class.
type class uint64

// lexicon maps a lower-cased word to the classes it belongs to, so reading
// a word costs one map lookup however many lists there are.
var lexicon = map[string]class{}

var nextClass class = 1

// newClass registers the words of lists as a new class and returns it.
func newClass(lists ...string) class {
	c := nextClass
	if c == 0 {
		panic("lens: more than 64 word classes; a class is one bit of a uint64")
	}
	nextClass <<= 1
	for _, text := range lists {
		for _, w := range strings.Fields(text) {
			lexicon[w] |= c
			// Typographic apostrophes are not folded when reading, so
			// each word with an apostrophe is known in both spellings.
			lexicon[strings.ReplaceAll(w, "'", "’")] |= c
		}
	}
	return c
}

func wordSet(lines ...string) map[string]bool {
	m := map[string]bool{}
	for _, text := range lines {
		for _, w := range strings.Fields(text) {
			m[w] = true
		}
	}
	return m
}

// customerNouns name the people and organizations that buy from or use the
// writer's organization, in general (singular stems).
var customerNouns = newClass(`customer client user buyer prospect consumer shopper
	purchaser subscriber adopter end-user enduser patron tester beta-tester
	participant visitor`)

// marketNouns name customers as an aggregate.
var marketNouns = newClass(`market segment industry vertical icp demographic
	audience niche smb smbs sme smes mid-market midmarket mql mqls pql pqls`)

// orgNouns name organizations; a plural or generic one speaks of customers
// as a market, a definite or indefinite singular one of one enterprise.
var orgNouns = newClass(`company business enterprise organization organisation
	org firm corporation manufacturer retailer hospital hotel bank insurer
	account`)

// roleNouns are titles and buying roles found inside customer organizations.
var roleNouns = newClass(jobTypesText, `ceo cfo cto coo cmo cro cio ciso cpo vp svp evp
	founder co-founder cofounder owner head lead exec executive manager director
	champion influencer blocker decision-maker decisionmaker stakeholder persona
	initiator approver gatekeeper buyer-persona operator worker practitioner
	developer engineer designer marketer admin sysadmin president chief worker
	c-level c-suite leader procurement purchasing
	student instructor teacher professor lecturer educator ta tas`, frontlineJobs)

// frontlineJobs are the jobs of the people who do a customer's work in
// industries other than software (the labeled corpora are mostly software
// companies' writing, so none of these was read from them). Words that
// also name software ("driver", "server", "broker", "inspector") or a trial
// ("pilot") or are common
// surnames ("Cook", "Clerk", "Carpenter") are left out.
//
// Their plurals are a customer's job groups once a text has spoken of
// customers: in a software company's writing, nurses and tellers are the
// customers' people, as developers need not be.
const frontlineJobs = `nurse farmer dispatcher cashier mechanic pharmacist
	accountant bookkeeper auditor physician surgeon dentist therapist
	clinician caregiver paramedic librarian lawyer attorney paralegal banker
	underwriter adjuster recruiter chef waiter receptionist machinist
	welder electrician plumber foreman courier rancher grower
	scientist researcher radiologist veterinarian firefighter dietitian
	merchandiser teller picker packer supervisor technician`

var frontline = wordSet(frontlineJobs)

// strongRoleNouns are roles that only exist on the customer side of a sale,
// so they count even without a customer cue nearby.
var strongRoleNouns = newClass(`champion influencer blocker decision-maker
	decisionmaker stakeholder persona initiator approver gatekeeper ceo cfo cto
	coo cmo cro cio ciso cpo c-level c-suite procurement`)

// ourFunctions follow "customer" or "user" in names of our own functions:
// "customer success team", "customer service department", "user id".
var ourFunctions = newClass(`success service support care team department desk
	id ids agent agents interface ui ux name names database data property
	properties object path paths profile profiles`)

// ourSideModifiers before a role noun put it on our side: "sales manager",
// "account executive", "our engineers".
var ourSideModifiers = newClass(`sales account marketing growth sdr sdrs bdr
	partner partnerships recruiting hiring support success our my we us
	internal`)

// firstPersonPlural are the words by which the writer's side speaks of itself.
var firstPersonPlural = newClass(`we we're we've we'll we'd us our ours ourselves`)

// firstPersonSingular are the words a quoted customer speaks of themself with.
var firstPersonSingular = newClass(`i i'm i've i'll i'd me my mine myself`)

var thirdPlural = newClass(`they they're they've they'll they'd them their theirs themselves`)

var thirdSingularPerson = newClass(`she she's she'll she'd her hers herself he he's he'll he'd him his himself`)

// determinerGeneric before a singular noun make it stand for its class.
var determinerGeneric = newClass(`a an any every each`)

var determinerDefinite = newClass(`the this that`)

// authorCues before a name make it the writer, not a customer: "by David Brock".
var authorCues = newClass(`by author written posted`)

// orgSuffixes after capitalized words make them an organization's name.
var orgSuffixes = newClass(`inc inc. corp corp. corporation ltd ltd. llc gmbh plc
	co co. company group holdings industries labs systems technologies`)
