package lens

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestShippedModelReads(t *testing.T) {
	m, err := ShippedModel()
	if err != nil {
		t.Fatal(err)
	}
	if m.Features() < 500 || m.Version == "" {
		t.Errorf("shipped model: %d features, version %q", m.Features(), m.Version)
	}
}

// The shipped model is what `go generate ./lens` makes from the corpora,
// byte for byte: training is reproducible, and a change to the features
// that was not followed by retraining fails here.
func TestShippedModelIsReproducible(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("weights are compared to the last digit on the architecture they were trained on")
	}
	var dirs []string
	for _, d := range []string{devCorpusDir, dev2CorpusDir} {
		if _, err := os.Stat(filepath.Join(d, "labels.jsonl")); err != nil {
			requireInCI(t, d)
			t.Skip("corpus not found:", err)
		}
		dirs = append(dirs, d)
	}
	var all []Example
	for _, d := range dirs {
		ex, err := LoadExamples(d)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ex...)
	}
	guide, err := LoadExamples(guideCorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range guide {
		guide[i].Weight = 3 // as go:generate in model.go trains it
	}
	all = append(all, guide...)
	written, err := LoadExamples(writtenCorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, written...)
	shipped, _ := ShippedModel()
	opt := DefaultTraining
	opt.Version = shipped.Version
	var buf bytes.Buffer
	Train(all, opt).WriteTo(&buf)
	if buf.String() != shippedModelText {
		t.Error("training on the corpora does not give the shipped model/model.txt: run go generate ./lens")
	}
}

func TestModelFileRoundTripsAndRefusesBadInput(t *testing.T) {
	m := &Model{Version: "test", Threshold: [numLevels]float32{0.5, -1, 0, 2}, AddMargin: 0.75}
	m.table.put(featureHash("w", "customer"), [numLevels]float32{1.25, 0, -0.5, 0})
	m.table.put(fBias, [numLevels]float32{-1, -1, -1, -1})
	var buf bytes.Buffer
	m.WriteTo(&buf)
	back, err := ReadModel(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Version != "test" || back.Threshold != m.Threshold || back.AddMargin != 0.75 || back.Features() != 2 {
		t.Errorf("read back %+v", back)
	}
	if w := back.table.get(featureHash("w", "customer")); w == nil || w[0] != 1.25 || w[2] != -0.5 {
		t.Errorf("weights %v", w)
	}
	bad := map[string]string{
		"not a model":       "hello\n",
		"another features":  strings.Replace(buf.String(), featureVersion, "lens-features-0", 1),
		"a weight missing":  buf.String() + "00000000000000ff 1 2 3\n",
		"a weight not real": buf.String() + "00000000000000ff 1 2 3 NaN\n",
		"a bad hash":        buf.String() + "xyz 1 2 3 4\n",
		"a bad margin":      strings.Replace(buf.String(), "margin 0.7500", "margin much", 1),
		"empty":             "",
	}
	for name, text := range bad {
		if _, err := ReadModel(strings.NewReader(text)); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
}

// writeCorpus writes a labeled folder of one-sentence-a-line documents:
// docs maps a file name to its sentences and their labels.
func writeCorpus(t *testing.T, docs map[string][][2]string) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	var labels bytes.Buffer
	for name, sentences := range docs {
		var text strings.Builder
		for _, s := range sentences {
			start := text.Len()
			text.WriteString(s[0])
			var ls []string
			if s[1] != "" {
				ls = strings.Split(s[1], ",")
			}
			b, _ := json.Marshal(map[string]any{"doc": name, "start": start, "end": text.Len(), "text": s[0], "labels": append([]string{}, ls...)})
			labels.Write(b)
			labels.WriteByte('\n')
			text.WriteString("\n\n")
		}
		os.WriteFile(filepath.Join(dir, "docs", name), []byte(text.String()), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "labels.jsonl"), labels.Bytes(), 0o644)
	return dir
}

// Cross-validation holds each source out whole. In this corpus a sentence
// with "customers" is market in every source, while each source labels
// role the sentences of words of its own, shaped like its unlabeled
// ones. Across sources the first is learned; the second cannot be, since
// a held-out source's words were never seen in training — which a split
// of sentences at random would hide.
func TestCrossValidateHoldsSourcesOut(t *testing.T) {
	docs := map[string][][2]string{}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, src := range []string{"acme", "globex", "initech", "umbrella"} {
		for d := 0; d < 2; d++ {
			var ss [][2]string
			// Each role and unlabeled sentence follows a market one, in an
			// order drawn at random, so that what came before tells them
			// apart no more than their shape does.
			order := rng.Perm(12)
			for i := 0; i < 12; i++ {
				market := [2]string{fmt.Sprintf("Our customers want reports number %d.", i), "market"}
				if order[i]%2 == 0 {
					ss = append(ss, market, [2]string{fmt.Sprintf("The %sa %sb %sc number %d.", src, src, src, i), "role"})
				} else {
					ss = append(ss, market, [2]string{fmt.Sprintf("The %sx %sy %sz number %d.", src, src, src, i), ""})
				}
			}
			ss = append(ss, [2]string{fmt.Sprintf("Seasons of %s.", src), ""})
			docs[fmt.Sprintf("%s-%d.txt", src, d)] = ss
		}
	}
	dir := writeCorpus(t, docs)
	examples, err := LoadExamples(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(Sources(examples)); got != 4 {
		t.Fatalf("%d sources, want 4 (the file names up to the hyphen)", got)
	}
	opt := DefaultTraining
	opt.MinSources = 1 // keep every word: the grouping alone must prevent the leak
	cv, err := CrossValidate(examples, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(cv.Folds) != 4 || cv.Pooled.Sentences != len(examples) || cv.Pooled.Documents != 8 {
		t.Fatalf("%d folds, %d sentences in %d documents pooled", len(cv.Folds), cv.Pooled.Sentences, cv.Pooled.Documents)
	}
	for _, f := range cv.Folds {
		if f.Evaluation.Documents != 2 || f.Evaluation.Sentences != 25*2 {
			t.Errorf("fold %s: %d documents, %d sentences", f.Source, f.Evaluation.Documents, f.Evaluation.Sentences)
		}
	}
	if f := cv.Pooled.PerLevel[Market].F1(); f < 0.95 {
		t.Errorf("market, learned across sources: F1 %.2f", f)
	}
	// Guessing "role" for every sentence of that shape scores 2/3.
	if f := cv.Pooled.PerLevel[Role].F1(); f > 0.7 {
		t.Errorf("role, from words the held-out source alone uses: F1 %.2f, want no better than guessing", f)
	}
	// Trained on every source, the same words are learned. (Thresholds
	// tuned on sources held out would guess role for every sentence of
	// that shape, which is what held out is best; at ½, the words decide.)
	opt.TuneThresholds = false
	m := Train(examples, opt)
	if ev := EvaluateExamples(m, examples); ev.PerLevel[Role].F1() < 0.95 {
		t.Errorf("trained on all sources, role F1 %.2f", ev.PerLevel[Role].F1())
	}
	if _, err := CrossValidate(examples[:5], opt); err == nil {
		t.Error("cross-validation of one source should be refused")
	}

	// A source given only to train on is in every fold's training and is
	// never held out nor scored.
	var scored, alsoTrain []Example
	for _, ex := range examples {
		if strings.HasSuffix(ex.Source, "/umbrella") {
			alsoTrain = append(alsoTrain, ex)
		} else {
			scored = append(scored, ex)
		}
	}
	cv, err = CrossValidateWith(scored, alsoTrain, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(cv.Folds) != 3 || cv.Pooled.Sentences != len(scored) {
		t.Fatalf("%d folds, %d sentences pooled; want 3 and %d", len(cv.Folds), cv.Pooled.Sentences, len(scored))
	}
	for _, f := range cv.Folds {
		if strings.HasSuffix(f.Source, "/umbrella") {
			t.Errorf("the source given to train on was held out")
		}
	}
}

// Where the model gives a level the rules did not find, the mention points
// at a word that can name a customer, and its offsets hold that word.
func TestModelMentionsPointAtWords(t *testing.T) {
	text := "Ana Ruiz, Head of Data, Acme: “We moved our dashboards in a week.”\n\nThe account renews in May, and their team wants a demo."
	doc := AnalyzeString(text)
	for _, m := range doc.Mentions {
		if text[m.Start:m.End] != m.Text || m.Text == "" {
			t.Errorf("mention %+v: text at its offsets is %q", m, text[m.Start:m.End])
		}
	}
	for _, s := range doc.Sentences {
		var fromMentions LevelSet
		for _, m := range doc.Mentions {
			if m.Start >= s.Start && m.Start < s.End {
				fromMentions = fromMentions.Add(m.Level)
			}
		}
		if fromMentions != s.Levels {
			t.Errorf("sentence at %d: levels %v, its mentions' levels %v", s.Start, s.Levels.Slice(), fromMentions.Slice())
		}
	}
}

func TestBestThreshold(t *testing.T) {
	z := []float32{3, 2, 1, 0, -1, -2}
	gold := []bool{true, true, true, false, false, true}
	// Cutting after the third score gives F1 2·3/(3+4) = 0.857; taking all
	// six, 2·4/(6+4) = 0.8.
	if th := bestThreshold(z, gold); th != 0.5 {
		t.Errorf("threshold %v, want 0.5", th)
	}
	if th := bestThreshold(z, make([]bool, 6)); th != 0 {
		t.Errorf("with no positives, threshold %v, want 0", th)
	}
}

// Word pairs are read only by a model that weighs them: the shipped one
// does not, an adapted one does, and its file says so.
func TestWordPairsOnlyForAModelThatWeighsThem(t *testing.T) {
	shipped, err := ShippedModel()
	if err != nil {
		t.Fatal(err)
	}
	if shipped.wordPairs {
		t.Fatal("the shipped model weighs word pairs")
	}
	// "the renewal" marks the one customer at hand in this
	// organization's writing; "renewal" alone and "the" alone do not.
	pair := mix(mix(fPair, hashWord("the")), hashWord("renewal"))
	m := &Model{wordPairs: true, AddMargin: 0}
	m.Threshold = [numLevels]float32{1, 1, 1, 1}
	m.table.put(pair, [numLevels]float32{Enterprise: 2})
	m.table.put(fRule[Enterprise], [numLevels]float32{Enterprise: 2}) // it keeps what the rules find
	// A customer named first: the model adds no enterprise to a text that
	// has named none.
	text := []byte("Acme Corp renewed.\n\nWe track the renewal closely.\n\nA renewal is due.\n")
	got := func(m *Model) []LevelSet {
		var out []LevelSet
		for _, s := range (Analyzer{Model: m}).AnalyzeBytes(text).Sentences {
			out = append(out, s.Levels)
		}
		return out
	}
	if ls := got(m); len(ls) != 3 || ls[1] != LevelSet(0).Add(Enterprise) || ls[2] != 0 {
		t.Errorf("read with the pair: %v, want enterprise in the second sentence, not the third", ls)
	}
	var buf bytes.Buffer
	m.WriteTo(&buf)
	if !strings.Contains(buf.String(), "features "+featureVersion+"+pairs\n") {
		t.Errorf("the file does not say the model weighs pairs:\n%s", buf.String())
	}
	back, err := ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !back.wordPairs || fmt.Sprint(got(back)) != fmt.Sprint(got(m)) {
		t.Errorf("read back: pairs %v, levels %v", back.wordPairs, got(back))
	}
	m.wordPairs = false // the same weights, unread
	if ls := got(m); ls[1] != 0 {
		t.Errorf("a model that does not weigh pairs read %v from one", ls)
	}
}

// A person the model adds is marked on a word that can name one person;
// when no such word weighed for it — only a group ("we", "engineers"), a
// capitalized word that is no known name ("Prometheus") or a declaration
// of pronouns ("she/her") — no one is added.
func TestModelAddsAPersonOnlyOnAWordThatCanNameThem(t *testing.T) {
	m := &Model{Version: "test", Threshold: [numLevels]float32{5, 5, 5, 0}}
	m.table.put(fBias, [numLevels]float32{Person: 1})
	for _, w := range []string{"shipped", "engineer", "prometheus", "we", "she"} {
		m.table.put(mix(fWord, hashWord(w)), [numLevels]float32{Person: 0.5})
	}
	tests := []struct {
		text string
		want []string
	}{
		{"The release shipped on time.", nil},
		{"The engineer shipped it on time.", []string{"engineer"}},
		{"The engineers shipped it on time.", nil},
		{"Then we shipped Prometheus on time.", nil},
		{"Then she shipped Prometheus on time.", []string{"she"}},
		{"The release (she/her) shipped on time.", nil}, // a declaration of pronouns
	}
	for _, tt := range tests {
		var got []string
		for _, mt := range (Analyzer{Model: m}).AnalyzeBytes([]byte(tt.text)).Mentions {
			if mt.Level == Person {
				got = append(got, mt.Text)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: persons %q, want %q", tt.text, got, tt.want)
		}
	}
}

// A model of several orders is the average of one model per order, each
// trained and tuned on its own, thresholds included; the orders differ.
func TestTrainAveragesOneModelPerOrder(t *testing.T) {
	docs := map[string][][2]string{}
	for _, src := range []string{"acme", "globex", "initech"} {
		var ss [][2]string
		for i := 0; i < 8; i++ {
			ss = append(ss, [2]string{fmt.Sprintf("Our customers want reports number %d.", i), "market"},
				[2]string{fmt.Sprintf("The %s team shipped release %d.", src, i), ""},
				[2]string{fmt.Sprintf("Jill Chen of %s called about invoice %d.", src, i), "person"})
		}
		docs[src+"-1.txt"] = ss
	}
	examples, err := LoadExamples(writeCorpus(t, docs))
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultTraining
	opt.MinSources = 1
	opt.Orders = 1
	var one []*Model
	for k := uint64(0); k < 2; k++ {
		opt.stream = k
		one = append(one, Train(examples, opt))
	}
	if one[0].table.get(fBias)[Market] == one[1].table.get(fBias)[Market] {
		t.Error("two orders trained the same weights")
	}
	opt.Orders, opt.stream = 2, 0
	var got, want bytes.Buffer
	Train(examples, opt).WriteTo(&got)
	averageModels(one).WriteTo(&want)
	if got.String() != want.String() {
		t.Error("a model of two orders is not the average of the two orders' models")
	}
}

// In a text that has named and found no customer, the teams it speaks of
// are the writer's: the model adds no enterprise of its own there, and
// still does once a customer has been named.
func TestModelAddsNoEnterpriseBeforeAnyCustomer(t *testing.T) {
	const teams = "Using tools with powerful integrations will allow your customer service team to collaborate with technical and sales teams to provide exemplary customer experiences."
	enterprise := func(text string) bool {
		doc := Default().AnalyzeBytes([]byte(text))
		return doc.Sentences[len(doc.Sentences)-1].Levels.Has(Enterprise)
	}
	if enterprise(teams) {
		t.Errorf("a handbook's teams were read as one customer")
	}
	if !enterprise("Jane Doe runs support at Acme Corp.\n\n" + teams) {
		t.Errorf("after a customer was named, the model no longer adds the enterprise it reads (the test needs a sentence it adds one to)")
	}
}

// Cross-validation reads a held-out document whole, as the lens reads any
// text: the limits on what the model may add apply, which a sentence's
// features alone cannot show.
func TestHeldOutDocumentsAreReadWhole(t *testing.T) {
	dir := writeCorpus(t, map[string][][2]string{"acme-1.txt": {{"The weather was fine.", ""}}})
	examples, err := LoadExamples(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A model that reads one person into every sentence, on the strength
	// of no word: the lens marks a person only on a word that can name one.
	m := &Model{}
	m.Threshold = [numLevels]float32{1, 1, 1, 1}
	m.table.put(fBias, [numLevels]float32{Person: 5})
	if got := heldOut(m, examples).PerLevel[Person].FP; got != 0 {
		t.Errorf("read whole: %d spurious persons, want 0", got)
	}
	examples[0].doc = nil
	if got := heldOut(m, examples).PerLevel[Person].FP; got != 1 {
		t.Errorf("without its document, the sentence is scored by its features: %d spurious persons, want 1", got)
	}
}

// What the model may not add: a role on the title of a person the
// sentence names ("Bob Smith, CEO" is one person), a level on one of our
// own functions ("our account team"). A model that weighs the word
// heavily for the level still adds it where no limit holds (the rules
// read neither sentence), so the test counts the model's weight.
func TestModelLimitsWhatItAdds(t *testing.T) {
	tests := []struct {
		word           string
		level          Level
		limited, added string
	}{
		{"ceo", Role, "Acme is a customer.\n\nBob Smith, CEO, Acme: “We ship faster.”", "Acme is a customer.\n\nI'm a CEO."},
		{"account", Enterprise, "Account review: Woodgrove Bank\n\nOur account team will run the training in October.",
			"Account review: Woodgrove Bank\n\nThe account team will run the training in October."},
		// In our notes of a visit, "us" is the visitors; in a case study
		// it may be the customer, whose voice the story carries.
		{"us", Enterprise, "Visit to Northwind Traders\n\nThe plant manager walked us through the line.",
			"Case study: Northwind Traders\n\nThe plant manager walked us through the line."},
	}
	for _, tt := range tests {
		gives := oneWordModel(tt.word, tt.level)
		if gives(tt.limited) {
			t.Errorf("%q: the model added %s", tt.limited, tt.level)
		}
		if !gives(tt.added) {
			t.Errorf("%q: the model added no %s (the test needs the model's weight to count)", tt.added, tt.level)
		}
	}
}

// Each example carries the levels of the sentence before it: at first
// the labeled ones, then, read again, those a model gives it, which is all
// the lens knows when it reads.
func TestExamplesCarryTheLevelsOfTheSentenceBefore(t *testing.T) {
	doc := "Our customer Acme renewed its plan. It rained all week."
	second := strings.Index(doc, "It")
	gold := []LabeledSentence{
		{Doc: "d.txt", Start: 0, End: second - 1, Labels: LevelSet(0).Add(Market)}, // labeled as if market
		{Doc: "d.txt", Start: second, End: len(doc)},
	}
	has := func(ex Example, l Level) bool { return slices.Contains(ex.Feats, fPrevious[l]) }
	examples := docExamples([]byte(doc), gold, "s", nil)
	if has(examples[0], Market) || !has(examples[1], Market) || has(examples[1], Enterprise) {
		t.Fatalf("labeled: the second sentence should follow a market sentence, and the first none")
	}
	m, err := ShippedModel()
	if err != nil {
		t.Fatal(err)
	}
	reread := readAgain(m, examples) // the model reads Acme as a customer
	if has(reread[1], Market) || !has(reread[1], Enterprise) {
		t.Errorf("read again: the second sentence should follow an enterprise sentence, not a market one")
	}
	if !has(examples[1], Market) {
		t.Errorf("reading again changed the examples it was given")
	}
}

// Read with a model, a sentence knows the levels given since the last
// heading; a heading starts a new section.
func TestSectionsRememberTheirLevels(t *testing.T) {
	m, err := ShippedModel()
	if err != nil {
		t.Fatal(err)
	}
	doc := "Our customer Acme renewed its plan. It rained all week.\n\nWeather Report\n\nIt rained again."
	var gold []LabeledSentence
	for _, s := range []string{"Our customer Acme renewed its plan.", "It rained all week.", "Weather Report", "It rained again."} {
		i := strings.Index(doc, s)
		gold = append(gold, LabeledSentence{Doc: "d.txt", Start: i, End: i + len(s)})
	}
	examples := docExamples([]byte(doc), gold, "s", m)
	inSection := func(ex Example) bool { return slices.Contains(ex.Feats, fSection[Enterprise]) }
	// The heading still belongs to the section before it: the one it opens
	// starts after it.
	want := []bool{false, true, true, false}
	for i, ex := range examples {
		if inSection(ex) != want[i] {
			t.Errorf("%q: in a section that has read a customer organization: %v, want %v", gold[i].Text+doc[ex.Gold.Start:ex.Gold.End], inSection(ex), want[i])
		}
	}
}

// oneWordModel makes a model that weighs one word heavily for level l,
// and returns whether, reading a text with it, its last sentence is
// given l: what the limits on what the model may add leave of it.
func oneWordModel(word string, l Level) func(text string) bool {
	m := &Model{}
	m.Threshold = [numLevels]float32{1, 1, 1, 1}
	var w [numLevels]float32
	w[l] = 5
	m.table.put(mix(fWord, hashWord(word)), w)
	return func(text string) bool {
		doc := Analyzer{Model: m}.AnalyzeBytes([]byte(text))
		return doc.Sentences[len(doc.Sentences)-1].Levels.Has(l)
	}
}
