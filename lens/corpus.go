package lens

import "sort"

// Corpus sums up the analyses of many documents: what the seed essay
// reported for 75 go-to-market articles — how many never mention a
// customer, and at which levels the rest speak of them.
type Corpus struct {
	Documents    int    `json:"documents"`
	CustomerFree int    `json:"customer_free"`
	Bytes        int64  `json:"bytes"`
	Sentences    int    `json:"sentences"`
	Mentions     Counts `json:"mentions"`
	// SentencesAt counts the sentences that carry each level.
	SentencesAt Counts `json:"sentences_at"`
	// DocumentsAt counts, per level, the documents whose most concrete
	// reference to customers is at that level.
	DocumentsAt Counts `json:"documents_at"`
}

// Add counts one document in.
func (c *Corpus) Add(d *Document) {
	c.Documents++
	if d.CustomerFree {
		c.CustomerFree++
	}
	c.Bytes += d.Bytes
	if l, ok := d.MostConcrete(); ok {
		c.DocumentsAt[l]++
	}
	c.Sentences += len(d.Sentences)
	for _, l := range Levels {
		c.Mentions[l] += d.Counts[l]
	}
	for _, s := range d.Sentences {
		for _, l := range Levels {
			if s.Levels.Has(l) {
				c.SentencesAt[l]++
			}
		}
	}
}

// CustomerFreeShare is the share of documents that never mention a customer.
func (c *Corpus) CustomerFreeShare() float64 { return ratio(c.CustomerFree, c.Documents) }

// LevelShare is the share of all customer references that are at level l.
func (c *Corpus) LevelShare(l Level) float64 { return ratio(c.Mentions[l], c.Mentions.Total()) }

// MostConcrete is the most concrete level the document speaks of customers
// at (person over role over enterprise over market); ok is false when it
// never mentions one.
func (d *Document) MostConcrete() (l Level, ok bool) {
	for i := len(Levels) - 1; i >= 0; i-- {
		if d.Counts[Levels[i]] > 0 {
			return Levels[i], true
		}
	}
	return 0, false
}

// MostConcreteShare is, among the documents that mention customers, the
// share whose most concrete level is l: the seed's "of the rest, about 70%
// spoke of segments and industries" is MostConcreteShare(Market).
func (c *Corpus) MostConcreteShare(l Level) float64 {
	return ratio(c.DocumentsAt[l], c.Documents-c.CustomerFree)
}

// Trend sums documents up period by period (a month, say), for the same
// figures over time.
type Trend struct {
	byName map[string]*Corpus
}

// Period is one period of a Trend.
type Period struct {
	Name   string  `json:"period"`
	Corpus *Corpus `json:"corpus"`
}

// Undated names the period of documents without a date.
const Undated = "undated"

// Add counts a document in the period named period.
func (t *Trend) Add(period string, d *Document) {
	if t.byName == nil {
		t.byName = map[string]*Corpus{}
	}
	c := t.byName[period]
	if c == nil {
		c = &Corpus{}
		t.byName[period] = c
	}
	c.Add(d)
}

// Periods lists the periods in order (their names are dates written so
// that they sort, "2017-10"), undated documents last.
func (t *Trend) Periods() []Period {
	out := make([]Period, 0, len(t.byName))
	for name, c := range t.byName {
		out = append(out, Period{name, c})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Name, out[j].Name
		if (a == Undated) != (b == Undated) {
			return b == Undated
		}
		return a < b
	})
	return out
}
