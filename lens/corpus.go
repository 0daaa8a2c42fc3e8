package lens

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
}

// Add counts one document in.
func (c *Corpus) Add(d *Document) {
	c.Documents++
	if d.CustomerFree {
		c.CustomerFree++
	}
	c.Bytes += d.Bytes
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
