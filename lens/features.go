package lens

import (
	"math/bits"
	"strings"
)

// The learned scorer (model.go) reads each sentence as a bag of features:
// what the rules found in it, its words and their lexicon classes, its
// shape, and a little of what came before. Features are hashed strings, so
// they cost no allocation and need no vocabulary at run time; each is
// anchored to the word it was read from (or to none), which lets the scorer
// point at the word that made it decide.

// featureVersion names the feature set. A model records the version it was
// trained on and is refused when it differs: change it whenever a feature
// is added, removed or spelled differently.
const featureVersion = "lens-features-10"

// feature is one hashed feature of a sentence and the token it came from
// (-1 for a feature of the whole sentence). pair marks a word pair, which
// only a model adapted to one organization's writing weighs (see
// TrainOptions.WordPairs).
type feature struct {
	hash   uint64
	anchor int32
	pair   bool
}

// namedClasses are the lexicon classes offered to the scorer, by a stable
// name (class bits are given out in init order and would shift).
var namedClasses = []struct {
	name string
	c    class
}{
	{"customer", customerNouns}, {"market", marketNouns}, {"org", orgNouns},
	{"role", roleNouns}, {"strongrole", strongRoleNouns}, {"ourfn", ourFunctions},
	{"ourside", ourSideModifiers}, {"we", firstPersonPlural}, {"i", firstPersonSingular},
	{"they", thirdPlural}, {"heshe", thirdSingularPerson}, {"detgen", determinerGeneric},
	{"detdef", determinerDefinite}, {"author", authorCues}, {"orgsuffix", orgSuffixes},
	{"first", firstNames}, {"last", lastNames}, {"nameword", nameWords},
	{"genericpeople", genericPeople}, {"specific", specificCues}, {"orgpart", orgParts},
	{"member", memberNouns}, {"neg", negations}, {"past", pastCues},
	{"occupation", occupations}, {"audience", audienceCues}, {"request", requestVerbs},
	{"colleague", colleagueNouns}, {"department", departments}, {"possessive", possessives},
	{"contact", contactNouns}, {"otherdet", otherDeterminers}, {"you", secondPerson},
	{"who", whoWords}, {"buying", buyingVerbs}, {"ourfnname", ourFunctionNames},
	{"speech", speechVerbs}, {"ownorg", ownOrgCues},
}

// FNV-1a, 64 bits, fed piece by piece so no feature string is ever built.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// featureHash hashes a feature's kind and its parts, separated so that
// ("ab", "c") and ("a", "bc") differ.
func featureHash(kind string, parts ...string) uint64 {
	h := hashString(fnvOffset, kind)
	for _, p := range parts {
		h ^= 0xff
		h *= fnvPrime
		h = hashString(h, p)
	}
	return h
}

// mix combines a feature kind's hash with a word's, so a word is hashed
// once however many features it takes part in (a murmur3-style finalizer
// spreads the bits).
func mix(a, b uint64) uint64 {
	h := a ^ (b + 0x9e3779b97f4a7c15 + a<<6 + a>>2)
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	if h == 0 {
		h = 1 // 0 marks an empty slot of the weight table
	}
	return h
}

// Hashes of the fixed features, computed once.
var (
	fBias           = featureHash("bias")
	fRuleNone       = featureHash("rule", "none")
	fPrevNone       = featureHash("prev", "none")
	fInQuote        = featureHash("inquote")
	fQuoted         = featureHash("quoted")
	fHeading        = featureHash("heading")
	fQuestion       = featureHash("question")
	fColonEnd       = featureHash("colonend")
	fListItem       = featureHash("listitem")
	fDocCust        = featureHash("doc", "customer")
	fDocPersona     = featureHash("doc", "persona")
	fPast           = featureHash("past")
	fRule           [numLevels]uint64
	fPrevRule       [numLevels]uint64
	fPrevious       [numLevels]uint64 // a level the sentence before was given
	fSection        [numLevels]uint64
	fRuleWord       [numLevels]uint64 // mixed with the word of a rule's mention
	fLength         [6]uint64
	fSince          [4]uint64
	fProper         [4]uint64
	fDocRate        [numLevels][5]uint64
	fDocPeople      = featureHash("doc", "people")
	fDocOrgs        = featureHash("doc", "orgs")
	fWord           = featureHash("w")
	fPair           = featureHash("b")
	fPunctWord      = hashString(fnvOffset, "<p>")
	fClass          = make([]uint64, len(namedClasses))
	fClassQuote     = make([]uint64, len(namedClasses))
	fCapCustomerOrg = featureHash("cap", "customerorg")
	fCapOurs        = featureHash("cap", "ours")
	fCapFirst       = featureHash("cap", "first")
	fCapFirstNoName = featureHash("cap", "firstnoname")
	fCapUnknown     = featureHash("cap", "unknown")
	fCapAgain       = featureHash("cap", "again")
	fTitleOfName    = featureHash("titleofname")
	fUs             = featureHash("us")
	fPronoun        [4][len(pronounContexts)]uint64
	fNounContext    = make([][len(nounContexts)]uint64, len(namedClasses))
	classIndex      [64]int8 // a class bit's index in namedClasses, or -1
)

var pronounNames = [4]string{"we", "i", "you", "they"}

// pronounContexts name the facts a pronoun is read with (pronounContext).
var pronounContexts = [...]string{"inquote", "quoted", "people", "orgs", "ours",
	"prev-e", "prev-p", "prev-r", "prev-m", "rule-e", "rule-p", "rule-r", "rule-m", "particular"}

// nounContexts name the facts a noun of a kind that can name customers is
// read with (nounContext): "students" or "the team" name a customer's
// people in a case study that has named the customer, and our own in a
// handbook that has not.
var nounContexts = [...]string{"orgs", "people", "persona", "quote", "particular", "ours"}

// contextNouns are the classes whose words are read in context.
var contextNouns = orgNouns | roleNouns | occupations |
	memberNouns | colleagueNouns | departments

func init() {
	for _, l := range Levels {
		fRule[l] = featureHash("rule", l.String())
		fPrevRule[l] = featureHash("prev", l.String())
		fPrevious[l] = featureHash("prevd", l.String())
		fSection[l] = featureHash("section", l.String())
		fRuleWord[l] = featureHash("rw", l.String())
		for b := range fDocRate[l] {
			fDocRate[l][b] = featureHash("docrate", l.String(), string(rune('0'+b)))
		}
	}
	for i := range classIndex {
		classIndex[i] = -1
	}
	for i, nc := range namedClasses {
		classIndex[bits.TrailingZeros64(uint64(nc.c))] = int8(i)
		fClass[i] = featureHash("c", nc.name)
		fClassQuote[i] = featureHash("cq", nc.name)
		for c, ctx := range nounContexts {
			fNounContext[i][c] = featureHash("nc", nc.name, ctx)
		}
	}
	for p, name := range pronounNames {
		for c, ctx := range pronounContexts {
			fPronoun[p][c] = featureHash("pron", name, ctx)
		}
	}
	for i := range fLength {
		fLength[i] = featureHash("len", string(rune('0'+i)))
	}
	for i := range fSince {
		fSince[i] = featureHash("since", string(rune('0'+i)))
	}
	for i := range fProper {
		fProper[i] = featureHash("proper", string(rune('0'+i)))
	}
}

// bucket places n among the bounds, for features of a count.
func bucket(n int, bounds ...int) int {
	for i, b := range bounds {
		if n <= b {
			return i
		}
	}
	return len(bounds)
}

// sentenceFacts are what the reader knew about a sentence when it had read
// it with the rules.
type sentenceFacts struct {
	text     string
	rules    LevelSet // levels the rules found
	heading  bool
	words    int
	index    int // the sentence's place in the document, from 0
	customer bool
	us       bool // the rules read the writer's own side in it ("we", "our team")
}

// features fills rd.feats with the features of the sentence just read.
// It runs after the rules, before their mentions change the reader's
// memory of the document.
func (rd *reader) features(f sentenceFacts) {
	rd.resetScores()
	rd.feats = rd.feats[:0]
	rd.feature(fBias, -1)
	if f.rules == 0 {
		rd.feature(fRuleNone, -1)
	}
	for _, l := range Levels {
		if f.rules.Has(l) {
			rd.feature(fRule[l], -1)
		}
		if rd.prevRules.Has(l) {
			rd.feature(fPrevRule[l], -1)
		}
	}
	if rd.prevRules == 0 {
		rd.feature(fPrevNone, -1)
	}
	if rd.model != nil {
		// What the sentence before and the section so far were given, the
		// model's reading included. Training reads them from a first
		// model's reading (Train); that first model knows only the labels
		// of the sentence before (docExamples).
		for _, l := range Levels {
			if rd.prevLevels.Has(l) {
				rd.feature(fPrevious[l], -1)
			}
			if rd.section.Has(l) {
				rd.feature(fSection[l], -1)
			}
		}
	}
	// The mentions are in order (sortMentions), and so are the tokens: one
	// walk finds each mention's first token, where a search per mention
	// was quadratic in a sentence of a million bytes.
	i := 0
	for _, m := range rd.found {
		for i < len(rd.toks)-1 && rd.toks[i].start < m.Start {
			i++
		}
		rd.feature(mix(fRuleWord[m.Level], rd.toks[i].baseHash), i)
	}
	shape := [...]struct {
		on bool
		h  uint64
	}{
		{rd.inQuote, fInQuote}, {rd.quoted, fQuoted}, {f.heading, fHeading},
		{endsWith(f.text, '?'), fQuestion}, {endsWith(f.text, ':'), fColonEnd},
		{rd.listItem, fListItem},
		{f.customer, fDocCust}, {rd.persona, fDocPersona},
		{rd.past, fPast}, {f.us, fUs},
	}
	for _, s := range shape {
		if s.on {
			rd.feature(s.h, -1)
		}
	}
	rd.feature(fLength[bucket(f.words, 3, 8, 16, 32, 64)], -1)
	rd.feature(fSince[bucket(rd.sinceCustomer, 0, 2, 5)], -1)
	proper, prev := 0, uint64(0)
	pairs := rd.collect != nil || rd.model != nil && rd.model.wordPairs
	quote := rd.inQuote || rd.quoted
	for i := range rd.toks {
		t := &rd.toks[i]
		if !t.word {
			if t.punct != '-' {
				prev = fPunctWord
			}
			continue
		}
		// A word is a feature by its stem. Word pairs are read only for a
		// model adapted to one organization: held out by source they cost
		// more than they gave, as the pairs a source repeats are its own
		// turns of phrase, which is what adapting is for (BENCHMARKS.md).
		if rd.collect != nil {
			rd.feats = append(rd.feats, feature{hash: mix(fWord, t.baseHash), anchor: int32(i)})
		}
		if rd.model != nil {
			rd.addWeights(t.wordW, i) // looked up once per word by the memo
		}
		if pairs && prev != 0 {
			// A pair points at no one word: it does not choose the word
			// a level the rules missed is marked on (evidence).
			rd.pairFeature(mix(mix(fPair, prev), t.baseHash), -1)
		}
		prev = t.baseHash
		for c := t.cls | t.stemCls; c != 0; c &= c - 1 {
			bit := bits.TrailingZeros64(uint64(c))
			k := classIndex[bit]
			if k < 0 {
				continue // a class the scorer is not offered
			}
			rd.feature(fClass[k], i)
			if quote && namedClasses[k].c&(firstPersonPlural|firstPersonSingular|secondPerson) != 0 {
				rd.feature(fClassQuote[k], i)
			}
			if namedClasses[k].c&contextNouns != 0 {
				rd.nounContext(t, i, int(k), quote)
			}
		}
		if t.is(firstPersonPlural | firstPersonSingular | secondPerson | thirdPlural) {
			rd.pronounContext(t, i, f.rules)
		}
		if t.stemIs(roleNouns) && (t.skip || rd.besideName(i)) {
			rd.feature(fTitleOfName, i) // "Tim Lucas, Founder & CEO": one person, no role
		}
		if t.cap && i > 0 && !f.heading {
			switch {
			case rd.orgs[t.lower] && !rd.ours[t.lower]:
				rd.feature(fCapCustomerOrg, i)
			case rd.ours[t.lower]:
				rd.feature(fCapOurs, i)
			case t.is(firstNames) && rd.isName(i, false):
				rd.feature(fCapFirst, i)
			case t.is(firstNames):
				rd.feature(fCapFirstNoName, i) // "Asia", "San Diego", "the Name field"
			case t.cls == 0 && t.stemCls == 0:
				proper++
				rd.feature(fCapUnknown, i)
				if n := rd.seenCaps[t.lower]; n != nil && *n >= 2 {
					rd.feature(fCapAgain, i)
				}
			}
		}
	}
	rd.feature(fProper[bucket(proper, 0, 1, 3)], -1)
	// What kind of text this is, as far as it has been read: how often
	// each level was given (by the rules and the model: in training, by a
	// first model, see Train), and whether customers have been named or
	// quoted.
	for _, l := range Levels {
		b := bucket(rd.docRate(l), 0, 10, 25, 50)
		rd.feature(fDocRate[l][b], -1)
		// What the rules found, weighed by how often the text has had
		// the level: the rules' "the team" is a customer's in a case
		// study and ours in a handbook.
		if f.rules.Has(l) {
			rd.feature(mix(fDocRate[l][b], fRule[l]), -1)
		}
	}
	if len(rd.people) > 0 {
		rd.feature(fDocPeople, -1)
	}
	if len(rd.orgs) > 0 {
		rd.feature(fDocOrgs, -1)
	}
}

// feature takes in one feature of the sentence, anchored to the token at
// index anchor (-1: the whole sentence): kept for training, weighed for
// reading.
func (rd *reader) feature(h uint64, anchor int) {
	if rd.collect != nil {
		rd.feats = append(rd.feats, feature{hash: h, anchor: int32(anchor)})
	}
	if rd.model != nil {
		rd.weigh(h, anchor)
	}
}

// pairFeature takes in a word pair as feature does, weighed only by a
// model that reads pairs.
func (rd *reader) pairFeature(h uint64, anchor int) {
	if rd.collect != nil {
		rd.feats = append(rd.feats, feature{hash: h, anchor: int32(anchor), pair: true})
	}
	if rd.model != nil && rd.model.wordPairs {
		rd.weigh(h, anchor)
	}
}

// pronounContext adds a pronoun's features in context: whose voice it is
// in depends on quotes, on what the text has met so far and on what the
// rules read around it ("we" is the writer in a handbook, the customer in
// an interview write-up).
func (rd *reader) pronounContext(t *token, i int, rules LevelSet) {
	var p int // index in pronounNames
	switch {
	case t.is(firstPersonPlural):
		p = 0
	case t.is(firstPersonSingular):
		p = 1
	case t.is(secondPerson):
		p = 2
	default:
		p = 3
	}
	on := [len(pronounContexts)]bool{
		rd.inQuote, rd.quoted, len(rd.people) > 0, len(rd.orgs) > 0, len(rd.ours) > 0,
		rd.prevRules.Has(Enterprise), rd.prevRules.Has(Person), rd.prevRules.Has(Role), rd.prevRules.Has(Market),
		rules.Has(Enterprise), rules.Has(Person), rules.Has(Role), rules.Has(Market),
		rd.docRate(Person)+rd.docRate(Enterprise) > 25,
	}
	for c, yes := range on {
		if yes {
			rd.feature(fPronoun[p][c], i)
		}
	}
}

// nounContext adds the features of a noun that can name customers, read
// with what the text has shown so far.
func (rd *reader) nounContext(t *token, i, k int, quote bool) {
	on := [len(nounContexts)]bool{
		len(rd.orgs) > 0, len(rd.people) > 0, rd.persona, quote,
		rd.docRate(Person)+rd.docRate(Enterprise) > 25, len(rd.ours) > 0,
	}
	for c, yes := range on {
		if yes {
			rd.feature(fNounContext[k][c], i)
		}
	}
}

// docRate is the percentage of the sentences read so far that were given
// level l.
func (rd *reader) docRate(l Level) int {
	if rd.index == 0 {
		return 0
	}
	return rd.docLevels[l] * 100 / rd.index
}

// resetScores clears the model's sums before a sentence.
func (rd *reader) resetScores() {
	rd.z = [numLevels]float32{}
	rd.anchored = rd.anchored[:0]
}

// weigh adds a feature's weights to the sentence's scores, and notes them
// for the word it was read from (which tells, if the model gives a level
// the rules did not, which word to mark). Scoring as the features are
// read spares a second pass over them.
func (rd *reader) weigh(h uint64, anchor int) {
	rd.addWeights(rd.model.table.get(h), anchor)
}

// addWeights adds the weights w of one feature (nil: none) as weigh does.
func (rd *reader) addWeights(w *[numLevels]float32, anchor int) {
	if w == nil {
		return
	}
	for l := range rd.z {
		rd.z[l] += w[l]
	}
	if anchor >= 0 && anchor < len(rd.tokZ) {
		rd.anchored = append(rd.anchored, anchoredWeights{w, int32(anchor)})
	}
}

// anchoredWeights are one feature's weights and the word it was read from.
// Most sentences keep the rules' levels and never ask which word weighed
// most, so the words' sums are only added up when one does (wordScores).
type anchoredWeights struct {
	w      *[numLevels]float32
	anchor int32
}

// wordScores sums, into rd.tokZ, the part of the sentence's scores that
// each word's features gave.
func (rd *reader) wordScores() *[64][numLevels]float32 {
	clear(rd.tokZ[:min(len(rd.toks), len(rd.tokZ))])
	for _, a := range rd.anchored {
		for l := range a.w {
			rd.tokZ[a.anchor][l] += a.w[l]
		}
	}
	return &rd.tokZ
}

// rememberCaps counts the document's capitalized words outside the lexicon,
// so a name the text keeps coming back to (a customer's, or our own) can
// be told from one met once.
func (rd *reader) rememberCaps(heading bool) {
	if heading {
		return
	}
	for i := 1; i < len(rd.toks); i++ {
		t := &rd.toks[i]
		if t.word && t.cap && t.cls == 0 && t.stemCls == 0 {
			// Counted through a pointer: assigning to a string key that is
			// there already stores the new key, and t.lower lives in a
			// buffer the next paragraph overwrites.
			if n, ok := rd.seenCaps[t.lower]; ok {
				*n++
			} else if len(rd.seenCaps) < maxSeenCaps {
				one := 1
				rd.seenCaps[strings.Clone(t.lower)] = &one
			}
		}
	}
}

// maxSeenCaps bounds the memory of names on huge inputs.
const maxSeenCaps = 1 << 14

func endsWith(s string, c byte) bool {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '"', ')':
			continue
		}
		return s[i] == c
	}
	return false
}
