// Package lens finds the places where a text speaks of customers and tells
// how concretely it does: as a market, an enterprise, a role or a person.
//
// The levels and the rules for telling them apart are those of the labeling
// guide (shared/lens/GUIDE.md in the project's workspace). The analyzer is a
// rule-based reader: it segments text into sentences, finds customer nouns,
// titles, names and organization cues from licensed lexicons, tells customers
// from the writer's own colleagues, and follows pronouns back to a customer
// referent in the same or the previous sentence. It is linear in its input
// and streams paragraph by paragraph, so memory stays flat on large inputs.
//
// Typical use:
//
//	doc, err := lens.Analyze(file)
//	for _, m := range doc.Mentions {
//		fmt.Println(m.Level, m.Text, m.Start, m.End)
//	}
package lens

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Level is how concretely a reference speaks of a customer.
type Level uint8

// The four levels, from the most abstract to the most human.
const (
	Market     Level = iota // a market, segment, industry, "customers" in general
	Enterprise              // one customer organization, named or not
	Role                    // a role or persona inside customer organizations
	Person                  // one specific human on the customer side
	numLevels
)

// Levels lists every level in order, for iteration.
var Levels = [numLevels]Level{Market, Enterprise, Role, Person}

var levelNames = [numLevels]string{"market", "enterprise", "role", "person"}

func (l Level) String() string {
	if l < numLevels {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// ParseLevel reads a level's name as String writes it.
func ParseLevel(s string) (Level, error) {
	for i, n := range levelNames {
		if strings.EqualFold(s, n) {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown level %q (want market, enterprise, role or person)", s)
}

// MarshalText writes the level's name, so JSON carries "person", not 3.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	*l = v
	return err
}

// LevelSet is a small set of levels.
type LevelSet uint8

// Add returns the set with l in it.
func (s LevelSet) Add(l Level) LevelSet { return s | 1<<l }

// Has tells whether l is in the set.
func (s LevelSet) Has(l Level) bool { return s&(1<<l) != 0 }

// Slice lists the set's levels in order.
func (s LevelSet) Slice() []Level {
	out := []Level{}
	for _, l := range Levels {
		if s.Has(l) {
			out = append(out, l)
		}
	}
	return out
}

// MarshalJSON writes the set as a list of level names.
func (s LevelSet) MarshalJSON() ([]byte, error) { return s.appendJSON(nil), nil }

// UnmarshalJSON reads a list of level names.
func (s *LevelSet) UnmarshalJSON(b []byte) error {
	var ls []Level
	if err := json.Unmarshal(b, &ls); err != nil {
		return err
	}
	*s = 0
	for _, l := range ls {
		*s = s.Add(l)
	}
	return nil
}

// Mention is one reference to a customer. Start and End are byte offsets
// into the analyzed input.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Level Level  `json:"level"`
	Text  string `json:"text"`
}

// Sentence is one sentence of the input, with the levels of the mentions
// that start inside it. Us tells whether it speaks of the writer's own side
// ("we", "our team").
type Sentence struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Levels LevelSet `json:"levels"`
	Us     bool     `json:"us,omitempty"`
}

// Counts holds a number per level.
type Counts [numLevels]int

// Total is the sum over all levels.
func (c Counts) Total() int { return c[0] + c[1] + c[2] + c[3] }

// MarshalJSON writes counts as {"market": n, "enterprise": n, …}.
func (c Counts) MarshalJSON() ([]byte, error) { return c.appendJSON(nil), nil }

// UnmarshalJSON reads what MarshalJSON writes.
func (c *Counts) UnmarshalJSON(b []byte) error {
	m := map[string]int{}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, v := range m {
		l, err := ParseLevel(k)
		if err != nil {
			return err
		}
		c[l] = v
	}
	return nil
}
