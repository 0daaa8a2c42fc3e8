package lens

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Model is the learned scorer: for each level, a logistic regression over
// the features of a sentence (features.go) that decides whether the
// sentence speaks of customers at that level. The rules' findings are
// among its features, so it learns when to trust them and what they miss
// ("we" inside a customer's quote, a named customer company, a job group
// inside one customer).
//
// A model is trained by Train (`faces lens train`), written with WriteTo
// and read with ReadModel; the one Faces ships is lens/model/model.txt.
type Model struct {
	// Version names the training run; Faces shows it beside the scores.
	Version string
	// Threshold is, per level, the logit above which the level is given.
	Threshold [numLevels]float32
	// AddMargin is how much more than the threshold a level the rules did
	// not find must score.
	AddMargin float32
	table     weightTable
	// wordPairs: the model weighs word pairs, as a model adapted to one
	// organization's writing does (TrainOptions.WordPairs).
	wordPairs bool
}

// The shipped model is trained on the two labeled development corpora of
// the project's workspace, on the guide's examples (testdata/guide) and on
// texts written for the purpose in the genres the others lack
// (testdata/written):
//
//go:generate go run ../cmd/faces lens train -version 2026-12-04 -o model/model.txt ../../shared/lens/dev ../../shared/lens/dev2 testdata/guide=3 testdata/written
//go:embed model/model.txt
var shippedModelText string

var (
	shippedOnce  sync.Once
	shippedModel *Model
	shippedErr   error
)

// ShippedModel returns the model built into Faces, read once. A build whose
// model does not match its features is a build error, caught by the tests.
func ShippedModel() (*Model, error) {
	shippedOnce.Do(func() {
		shippedModel, shippedErr = ReadModel(strings.NewReader(shippedModelText))
	})
	return shippedModel, shippedErr
}

// defaultModel is the model Analyze and Stream use: the shipped one, or
// none (the rules alone) if it cannot be read.
func defaultModel() *Model {
	m, err := ShippedModel()
	if err != nil {
		return nil
	}
	return m
}

// decide gives the sentence the levels whose score (summed as its
// features were read, reader.weigh) passes the threshold, keeps the rules'
// mentions of those levels, and for a level the rules did not find, marks
// the word whose features weighed most for it.
func (m *Model) decide(rules LevelSet, rd *reader) LevelSet {
	levels := m.levels(rd.z, rules)
	if levels == rules {
		return levels
	}
	kept := rd.found[:0]
	for _, mt := range rd.found {
		if levels.Has(mt.Level) {
			kept = append(kept, mt)
		}
	}
	rd.found = kept
	var tokZ *[64][numLevels]float32
	for _, l := range Levels {
		if levels.Has(l) && !rules.Has(l) {
			if l == Enterprise && rd.docLevels[Enterprise] == 0 && len(rd.orgs) == 0 && len(rd.people) == 0 {
				// No customer has been named in the text so far, nor one
				// found: "the team" and "the group" are the writer's own.
				levels &^= 1 << l
				continue
			}
			if tokZ == nil {
				tokZ = rd.wordScores()
			}
			i, naming := evidence(tokZ, l, rd.toks)
			if l == Person && (!naming || rd.pronounsDeclared(i)) {
				// No word that could name the person weighed for one,
				// or only a declaration of pronouns ("he/him"): there
				// is no one to mark.
				levels &^= 1 << l
				continue
			}
			if l == Role && rd.titleOfSomeone(i) {
				// The title of a person the sentence names ("Tim Lucas,
				// Founder & CEO, BuildKite"): one person, no role.
				levels &^= 1 << l
				continue
			}
			if rd.ourFunction(i) || rd.toStaff && rd.staffWord(i) {
				// What weighed most is one of our own functions ("our
				// account team", "my support desk"), or, in a text that
				// welcomes a new colleague, the reader or a colleague.
				levels &^= 1 << l
				continue
			}
			if rd.ourNotes && rd.writersWe(i) {
				// In our notes of a meeting with a customer, what weighed
				// most is the writer's "we" or "us", outside any quote:
				// "she walked us through the line" is our visit.
				levels &^= 1 << l
				continue
			}
			if rd.inOurName(i) || rd.titleOfOurs(i) {
				// What weighed most for the level is one of our own
				// names ("the Node.js event loop", given Node.js as
				// ours) or a title held with us ("the CFO of Acme"):
				// the sentence is about us.
				levels &^= 1 << l
				continue
			}
			rd.add(rd.toks[i].start, rd.toks[i].end, l)
		}
	}
	sortMentions(rd.found)
	return levels
}

// levels gives the levels whose score passes the threshold; a level the
// rules did not find must pass it by AddMargin more.
func (m *Model) levels(z [numLevels]float32, rules LevelSet) LevelSet {
	var levels LevelSet
	for _, l := range Levels {
		if z[l] >= m.threshold(l, rules) {
			levels = levels.Add(l)
		}
	}
	return levels
}

// threshold is what level l's score must reach in a sentence where the
// rules found rules.
func (m *Model) threshold(l Level, rules LevelSet) float32 {
	if rules.Has(l) {
		return m.Threshold[l]
	}
	return m.Threshold[l] + m.AddMargin
}

// evidence returns the word whose features weigh most for level l,
// preferring words that can name a customer at that level (canName) over
// the words around them, and whether it is one.
func evidence(tokZ *[64][numLevels]float32, l Level, toks []token) (int, bool) {
	best, bestNaming := -1, -1
	for i := 0; i < len(toks) && i < len(tokZ); i++ {
		z := tokZ[i][l]
		if !toks[i].word || z <= 0 {
			continue
		}
		if best < 0 || z > tokZ[best][l] {
			best = i
		}
		if canName(&toks[i], i, l) && (bestNaming < 0 || z > tokZ[bestNaming][l]) {
			bestNaming = i
		}
	}
	switch {
	case bestNaming >= 0:
		return bestNaming, true
	case best >= 0:
		return best, false
	}
	for i := range toks {
		if toks[i].word {
			return i, false
		}
	}
	return 0, false
}

// namingClasses are the words that can refer to a customer.
var namingClasses = customerNouns | marketNouns | orgNouns | roleNouns | memberNouns |
	genericPeople | contactNouns | orgParts | occupations | firstPersonPlural |
	firstPersonSingular | secondPerson | thirdPlural | thirdSingularPerson

// oneNamingNouns, in the singular, and onePersonPronouns can refer to one
// person.
var (
	oneNamingNouns    = customerNouns | roleNouns | contactNouns | occupations
	onePersonPronouns = firstPersonSingular | secondPerson | thirdSingularPerson
)

// canName tells whether the word t, at i, can refer to a customer at level
// l: one person only by a name or a word for one ("she", "the engineer"),
// not by a group ("we", "engineers") or a capitalized word the lexicon
// does not know as a name ("Prometheus").
func canName(t *token, i int, l Level) bool {
	if l == Person {
		return t.cap && t.is(firstNames|lastNames) && !t.is(placeNames) || !t.plural && t.stemIs(oneNamingNouns) || t.is(onePersonPronouns)
	}
	return t.is(namingClasses) || t.stemIs(namingClasses) || t.cap && i > 0
}

// weightTable maps feature hashes to their weights, open-addressed with
// linear probing and kept at most a quarter full: most features of a text
// are in no model, and a miss is then mostly one probe of one cache line.
type weightTable struct {
	slots []weightSlot
	n     int
	// seen has a bit set for every key's top 16 bits: most features of a
	// text are in no model, and this 8 KB filter, which stays in the
	// fastest cache, says so without touching the table.
	seen [1 << 16 / 64]uint64
}

type weightSlot struct {
	key uint64 // 0 marks an empty slot (no feature hashes to 0)
	w   [numLevels]float32
}

func (t *weightTable) get(h uint64) *[numLevels]float32 {
	if top := h >> 48; t.seen[top/64]&(1<<(top%64)) == 0 {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch s.key {
		case h:
			return &s.w
		case 0:
			return nil
		}
	}
}

func (t *weightTable) put(h uint64, w [numLevels]float32) {
	if (t.n+1)*4 > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch s.key {
		case h:
			s.w = w
			return
		case 0:
			s.key, s.w = h, w
			t.n++
			top := h >> 48
			t.seen[top/64] |= 1 << (top % 64)
			return
		}
	}
}

// keys lists the table's features in hash order.
func (t *weightTable) keys() []uint64 {
	out := make([]uint64, 0, t.n)
	for _, s := range t.slots {
		if s.key != 0 {
			out = append(out, s.key)
		}
	}
	slices.Sort(out)
	return out
}

func (t *weightTable) grow() {
	old := t.slots
	t.slots, t.n = make([]weightSlot, max(1024, 2*len(old))), 0
	for _, s := range old {
		if s.key != 0 {
			t.put(s.key, s.w)
		}
	}
}

// The model file is plain text, so a change to it reads in a diff:
//
//	faces-lens-model 1
//	version 2026-12-03
//	features lens-features-7
//	margin 0.5
//	threshold 0 0 0 0
//	<feature hash, hex> <market> <enterprise> <role> <person>
//	…
const modelMagic = "faces-lens-model 1"

// The features line names the feature set the weights belong to; a model
// that weighs word pairs says so after it.
const withPairs = "+pairs"

// WriteTo writes the model in its file format, features in hash order so
// that the same training writes the same bytes.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	features := featureVersion
	if m.wordPairs {
		features += withPairs
	}
	fmt.Fprintf(bw, "%s\nversion %s\nfeatures %s\nmargin %s\nthreshold", modelMagic, m.Version, features, formatWeight(m.AddMargin))
	for _, t := range m.Threshold {
		fmt.Fprintf(bw, " %s", formatWeight(t))
	}
	bw.WriteString("\n")
	var keys []uint64
	for _, s := range m.table.slots {
		if s.key != 0 {
			keys = append(keys, s.key)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		w := m.table.get(k)
		fmt.Fprintf(bw, "%016x %s %s %s %s\n", k, formatWeight(w[0]), formatWeight(w[1]), formatWeight(w[2]), formatWeight(w[3]))
	}
	return 0, bw.Flush()
}

func formatWeight(w float32) string {
	return strconv.FormatFloat(float64(w), 'f', 4, 32)
}

// ReadModel reads a model written by WriteTo. A model trained on another
// feature set is refused: its weights would mean nothing.
func ReadModel(r io.Reader) (*Model, error) {
	sc := bufio.NewScanner(r)
	header := map[string]string{}
	m := &Model{}
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			if text != modelMagic {
				return nil, fmt.Errorf("lens model: line 1 is %q, want %q", text, modelMagic)
			}
			continue
		}
		key, rest, _ := strings.Cut(text, " ")
		switch key {
		case "version", "features":
			header[key] = rest
			continue
		case "margin":
			v, err := strconv.ParseFloat(rest, 32)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("lens model line %d: bad margin %q", line, rest)
			}
			m.AddMargin = float32(v)
			continue
		case "threshold":
			ws, err := parseWeights(rest)
			if err != nil {
				return nil, fmt.Errorf("lens model line %d: %w", line, err)
			}
			m.Threshold = ws
			continue
		}
		h, err := strconv.ParseUint(key, 16, 64)
		if err != nil || h == 0 {
			return nil, fmt.Errorf("lens model line %d: bad feature %q", line, key)
		}
		ws, err := parseWeights(rest)
		if err != nil {
			return nil, fmt.Errorf("lens model line %d: %w", line, err)
		}
		m.table.put(h, ws)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if line == 0 {
		return nil, fmt.Errorf("lens model: empty")
	}
	features, pairs := strings.CutSuffix(header["features"], withPairs)
	if features != featureVersion {
		return nil, fmt.Errorf("lens model: trained on features %q, this build reads %q: retrain it (faces lens train)", header["features"], featureVersion)
	}
	m.wordPairs = pairs
	m.Version = header["version"]
	return m, nil
}

func parseWeights(s string) ([numLevels]float32, error) {
	var ws [numLevels]float32
	fields := strings.Fields(s)
	if len(fields) != int(numLevels) {
		return ws, fmt.Errorf("want %d weights, got %d", numLevels, len(fields))
	}
	for i, f := range fields {
		v, err := strconv.ParseFloat(f, 32)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return ws, fmt.Errorf("bad weight %q", f)
		}
		ws[i] = float32(v)
	}
	return ws, nil
}

// Features counts the features the model weighs.
func (m *Model) Features() int { return m.table.n }
