package lens

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LabeledSentence is one line of a labels.jsonl file: a sentence of a
// document and the levels a human gave it.
type LabeledSentence struct {
	Doc    string   `json:"doc"`
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Text   string   `json:"text"`
	Labels LevelSet `json:"labels"`
}

// Score counts true positives, false positives and false negatives.
type Score struct{ TP, FP, FN int }

// Precision is TP / (TP + FP), or 0 when nothing was predicted.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP / (TP + FN), or 0 when nothing was expected.
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Mistake is a sentence whose predicted levels differ from its labels.
type Mistake struct {
	LabeledSentence
	Predicted LevelSet `json:"predicted"`
}

// None is the row and column of Evaluation.Confusion for "no level".
const None = int(numLevels)

// Evaluation scores the analyzer against a labeled corpus at sentence level:
// a sentence counts as predicted L when a mention of level L starts inside it.
type Evaluation struct {
	Documents int
	Sentences int
	PerLevel  [numLevels]Score
	// Confusion[gold][predicted] pairs each missed label with each spurious
	// one in the same sentence; a missed label with nothing spurious goes
	// to column None, a spurious one with nothing missed to row None. The
	// diagonal counts correct labels.
	Confusion [numLevels + 1][numLevels + 1]int
	Mistakes  []Mistake
	// Words tallies, per mention text and level, the sentences where that
	// mention alone made a label right (TP) or where it was wrong (FP): a
	// guide to which words help and which mislead.
	Words map[WordLevel]*Score
}

// WordLevel is a mention's lower-cased text and level.
type WordLevel struct {
	Word  string
	Level Level
}

// Micro pools every level's counts.
func (e *Evaluation) Micro() Score {
	var m Score
	for _, s := range e.PerLevel {
		m.TP += s.TP
		m.FP += s.FP
		m.FN += s.FN
	}
	return m
}

// MacroF1 is the unweighted mean of the per-level F1 scores.
func (e *Evaluation) MacroF1() float64 {
	sum := 0.0
	for _, s := range e.PerLevel {
		sum += s.F1()
	}
	return sum / float64(numLevels)
}

// LoadLabeled reads a labeled folder: dir/labels.jsonl, one sentence a line,
// naming documents in dir/docs/.
func LoadLabeled(dir string) ([]LabeledSentence, error) {
	f, err := os.Open(filepath.Join(dir, "labels.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []LabeledSentence
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var s LabeledSentence
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, fmt.Errorf("labels.jsonl line %d: %w", line, err)
		}
		out = append(out, s)
	}
	return out, sc.Err()
}

// Evaluate analyzes every document a labeled folder names and scores the
// result against its labels.
func Evaluate(dir string) (*Evaluation, error) { return Default().Evaluate(dir) }

// Evaluate scores this analyzer against a labeled folder.
func (a Analyzer) Evaluate(dir string) (*Evaluation, error) {
	ev := &Evaluation{}
	err := eachLabeledDoc(dir, func(name string, data []byte, gold []LabeledSentence) {
		ev.Documents++
		ev.add(gold, a.AnalyzeBytes(data).Mentions)
	})
	return ev, err
}

// eachLabeledDoc reads a labeled folder and calls f with each document it
// names, in the order the labels first name them, and its labeled
// sentences.
func eachLabeledDoc(dir string, f func(name string, data []byte, gold []LabeledSentence)) error {
	labels, err := LoadLabeled(dir)
	if err != nil {
		return err
	}
	byDoc := map[string][]LabeledSentence{}
	var order []string
	for _, s := range labels {
		if _, ok := byDoc[s.Doc]; !ok {
			order = append(order, s.Doc)
		}
		byDoc[s.Doc] = append(byDoc[s.Doc], s)
	}
	for _, name := range order {
		data, err := os.ReadFile(filepath.Join(dir, "docs", name))
		if err != nil {
			return err
		}
		for _, s := range byDoc[name] {
			if s.Start < 0 || s.Start > s.End || s.End > len(data) || string(data[s.Start:s.End]) != s.Text {
				return fmt.Errorf("labels.jsonl: %s has no sentence %q at bytes %d–%d (only the labels may be changed)", name, s.Text, s.Start, s.End)
			}
		}
		f(name, data, byDoc[name])
	}
	return nil
}

// add scores one document's labeled sentences against its mentions.
func (e *Evaluation) add(gold []LabeledSentence, mentions []Mention) {
	sort.Slice(gold, func(i, j int) bool { return gold[i].Start < gold[j].Start })
	m := 0
	for _, s := range gold {
		var pred LevelSet
		for m < len(mentions) && mentions[m].Start < s.Start {
			m++
		}
		var in [numLevels]int
		k := m
		for ; k < len(mentions) && mentions[k].Start < s.End; k++ {
			pred = pred.Add(mentions[k].Level)
			in[mentions[k].Level]++
		}
		for _, mt := range mentions[m:k] {
			e.tallyWord(mt, s.Labels.Has(mt.Level), in[mt.Level] == 1)
		}
		e.Sentences++
		e.score(s, pred)
	}
}

func (e *Evaluation) score(s LabeledSentence, pred LevelSet) {
	var missed, extra []int
	for _, l := range Levels {
		g, p := s.Labels.Has(l), pred.Has(l)
		switch {
		case g && p:
			e.PerLevel[l].TP++
			e.Confusion[l][l]++
		case g:
			e.PerLevel[l].FN++
			missed = append(missed, int(l))
		case p:
			e.PerLevel[l].FP++
			extra = append(extra, int(l))
		}
	}
	if len(missed) == 0 && len(extra) == 0 {
		return
	}
	e.Mistakes = append(e.Mistakes, Mistake{s, pred})
	switch {
	case len(extra) == 0:
		for _, g := range missed {
			e.Confusion[g][None]++
		}
	case len(missed) == 0:
		for _, p := range extra {
			e.Confusion[None][p]++
		}
	default:
		for _, g := range missed {
			for _, p := range extra {
				e.Confusion[g][p]++
			}
		}
	}
}

func (e *Evaluation) tallyWord(m Mention, right, alone bool) {
	if e.Words == nil {
		e.Words = map[WordLevel]*Score{}
	}
	k := WordLevel{strings.ToLower(m.Text), m.Level}
	sc := e.Words[k]
	if sc == nil {
		sc = &Score{}
		e.Words[k] = sc
	}
	switch {
	case right && alone:
		sc.TP++
	case !right:
		sc.FP++
	}
}

// merge adds o's counts, mistakes and words to e.
func (e *Evaluation) merge(o *Evaluation) {
	e.Documents += o.Documents
	e.Sentences += o.Sentences
	for l := range e.PerLevel {
		e.PerLevel[l].TP += o.PerLevel[l].TP
		e.PerLevel[l].FP += o.PerLevel[l].FP
		e.PerLevel[l].FN += o.PerLevel[l].FN
	}
	for g := range e.Confusion {
		for p := range e.Confusion[g] {
			e.Confusion[g][p] += o.Confusion[g][p]
		}
	}
	e.Mistakes = append(e.Mistakes, o.Mistakes...)
	for k, sc := range o.Words {
		if e.Words == nil {
			e.Words = map[WordLevel]*Score{}
		}
		if mine := e.Words[k]; mine != nil {
			mine.TP += sc.TP
			mine.FP += sc.FP
			mine.FN += sc.FN
		} else {
			c := *sc
			e.Words[k] = &c
		}
	}
}
