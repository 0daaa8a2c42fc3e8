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
	//go:embed lexicon/name_words.txt
	nameWordsText string
	//go:embed lexicon/job_types.txt
	jobTypesText string
)

var (
	firstNames = wordSet(strings.ToLower(firstNamesText))
	nameWords  = wordSet(nameWordsText)
)

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
var customerNouns = wordSet(`customer client user buyer prospect consumer shopper
	purchaser subscriber adopter end-user enduser patron`)

// marketNouns name customers as an aggregate.
var marketNouns = wordSet(`market segment industry vertical icp demographic
	audience niche smb smbs sme smes mid-market midmarket b2b`)

// orgNouns name organizations; a plural or generic one speaks of customers
// as a market, a definite or indefinite singular one of one enterprise.
var orgNouns = wordSet(`company business startup start-up enterprise organization
	organisation org firm corporation manufacturer retailer hospital hotel
	agency bank insurer brand account scaleup scale-up unicorn`)

// roleNouns are titles and buying roles found inside customer organizations.
var roleNouns = wordSet(jobTypesText, `ceo cfo cto coo cmo cro cio ciso cpo vp svp evp
	founder co-founder cofounder owner head lead exec executive manager director
	champion influencer blocker decision-maker decisionmaker stakeholder persona
	initiator approver gatekeeper buyer-persona operator worker practitioner
	developer engineer designer marketer admin sysadmin president chief
	c-level c-suite leader procurement purchasing`)

// strongRoleNouns are roles that only exist on the customer side of a sale,
// so they count even without a customer cue nearby.
var strongRoleNouns = wordSet(`champion influencer blocker decision-maker
	decisionmaker stakeholder persona initiator approver gatekeeper ceo cfo cto
	coo cmo cro cio ciso cpo c-level c-suite procurement`)

// ourFunctions follow "customer" or "user" in names of our own functions:
// "customer success team", "customer service department", "user id".
var ourFunctions = wordSet(`success service support care team department desk
	id ids agent agents interface ui ux name names base database data property
	properties object path paths profile profiles`)

// ourSideModifiers before a role noun put it on our side: "sales manager",
// "account executive", "our engineers".
var ourSideModifiers = wordSet(`sales account marketing growth sdr sdrs bdr
	partner partnerships recruiting hiring support success our my we us
	internal`)

// firstPersonPlural are the words by which the writer's side speaks of itself.
var firstPersonPlural = wordSet(`we we're we've we'll we'd us our ours ourselves`)

// firstPersonSingular are the words a quoted customer speaks of themself with.
var firstPersonSingular = wordSet(`i i'm i've i'll i'd me my mine myself`)

var thirdPlural = wordSet(`they they're they've they'll they'd them their theirs themselves`)

var thirdSingularPerson = wordSet(`she she's she'll she'd her hers herself he he's he'll he'd him his himself`)

// determinerGeneric before a singular noun make it stand for its class.
var determinerGeneric = wordSet(`a an any every each`)

var determinerDefinite = wordSet(`the this that`)

// authorCues before a name make it the writer, not a customer: "by David Brock".
var authorCues = wordSet(`by author written posted`)

// orgSuffixes after capitalized words make them an organization's name.
var orgSuffixes = wordSet(`inc inc. corp corp. corporation ltd ltd. llc gmbh plc
	co co. company group holdings industries labs systems technologies`)
