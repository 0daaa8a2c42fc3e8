package faces

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Insight is what a customer said or did, in their own words where it is
// a quote: the language they use, why they bought, a wish, the threat to
// their business, a community they recommend. It is tied to the person —
// and through them to their company and role when it was said — and to
// how it was learned.
type Insight struct {
	ID       int64
	PersonID int64 // 0 once the person is erased: the insight stays, unattributed
	Type     string
	Text     string
	Verbatim bool // their words, not our summary
	Method   string
	VisitID  int64 // 0 when it came from elsewhere
	EventID  int64 // the event where it was learned, or 0
	ThemeID  int64 // 0 until it is grouped

	// Kept from when it was said, so that the evidence stays true when
	// the person moves on.
	CompanyID int64
	Role      string

	// DoneAt is when a wish was marked done (the zero time while open).
	DoneAt time.Time

	// Read-only.
	PersonName  string
	CompanyName string
	ThemeName   string
	CreatedBy   int64
	CreatedAt   time.Time
}

// InsightTypes are the kinds of insight, as the API names them.
var InsightTypes = []string{"language", "why_bought", "wish", "threat", "recommendation", "other"}

// InsightTypeNames are the kinds as pages name them.
var InsightTypeNames = map[string]string{"language": "language they use", "why_bought": "why they bought", "wish": "wish",
	"threat": "existential threat", "recommendation": "recommended event, blog or community", "other": "other"}

// InsightMethods are how an insight was learned.
var InsightMethods = []string{"visit", "event", "interview", "survey", "support"}

// Validate checks an insight before it is stored.
func (in *Insight) Validate() error {
	in.Text = strings.TrimSpace(in.Text)
	f := fieldErrors{}
	f.check(in.PersonID > 0, "person_id", "Say who said or did it.")
	f.check(contains(InsightTypes, in.Type), "type", "Choose a type: language, why_bought, wish, threat, recommendation or other.")
	f.check(contains(InsightMethods, in.Method), "method", "Choose how it was learned: visit, event, interview, survey or support.")
	f.check(in.Text != "", "text", "Write what they said or did.")
	f.length("insight", "text", in.Text)
	f.check(in.Method == "visit" || in.VisitID == 0, "visit_id", "Only an insight learned on a visit names one.")
	return f.err("insight")
}

// Theme groups insights that say the same thing in different voices.
type Theme struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// Validate checks a theme before it is stored.
func (t *Theme) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	f := fieldErrors{}
	f.check(t.Name != "", "name", "Name the theme.")
	f.length("theme", "name", t.Name)
	return f.err("theme")
}

// Triangulation tells how well a theme is backed: by how many distinct
// people (an erased person still counts as one anonymous voice for each
// of their insights), companies, roles and methods, and how recently.
type Triangulation struct {
	Insights  int
	People    int
	Companies int
	Roles     int
	Methods   int
	Latest    time.Time
}

// OneVoice tells whether everything rests on one person: a theme to
// check before believing.
func (t Triangulation) OneVoice() bool { return t.People <= 1 }

// InsightFilter selects insights, newest first.
type InsightFilter struct {
	Unthemed  bool // only insights in no theme
	PersonID  int64
	VisitID   int64
	EventID   int64
	ThemeID   int64
	CompanyID int64  // said at this company
	Type      string // of this type
	Open      bool   // only wishes not done
	Limit     int
}

// InsightService keeps insights and themes.
type InsightService interface {
	CreateInsight(ctx context.Context, in *Insight) error
	FindInsights(ctx context.Context, f InsightFilter) ([]*Insight, error)
	// MarkWish marks a wish done, or open again; only wishes can be.
	MarkWish(ctx context.Context, insightID int64, done bool) error
	// SetInsightTheme puts an insight in a theme (0: out of any).
	SetInsightTheme(ctx context.Context, insightID, themeID int64) error

	CreateTheme(ctx context.Context, t *Theme) error
	FindThemeByID(ctx context.Context, id int64) (*Theme, error)
	// FindThemes lists themes by name, at most MaxThemes.
	FindThemes(ctx context.Context) ([]*Theme, error)
	Triangulate(ctx context.Context, themeID int64) (Triangulation, error)
	// TriangulateAll triangulates every theme at once, by theme id.
	TriangulateAll(ctx context.Context) (map[int64]Triangulation, error)
}

// SuggestForTheme ranks candidate insights by how much their words share
// with the theme's name and evidence (a similarity of word sets), best
// first, at most n; those sharing nothing are left out.
func SuggestForTheme(t *Theme, evidence, candidates []*Insight, n int) []*Insight {
	themeWords := wordSet(t.Name)
	for _, in := range evidence {
		for w := range wordSet(in.Text) {
			themeWords[w] = true
		}
	}
	type scored struct {
		in    *Insight
		score float64
	}
	var ranked []scored
	for _, c := range candidates {
		words := wordSet(c.Text)
		shared := 0
		for w := range words {
			if themeWords[w] {
				shared++
			}
		}
		if shared > 0 {
			ranked = append(ranked, scored{c, float64(shared) / float64(len(words)+len(themeWords)-shared)})
		}
	}
	slices.SortStableFunc(ranked, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	out := []*Insight{}
	for i := 0; i < len(ranked) && i < n; i++ {
		out = append(out, ranked[i].in)
	}
	return out
}

// wordSet is a text's words of four letters or more, lower-cased, with a
// plural's s dropped: enough to tell which insights speak of the same
// things.
func wordSet(text string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) >= 4 && !stopWords[w] {
			words[strings.TrimSuffix(w, "s")] = true
		}
	}
	return words
}

var stopWords = map[string]bool{"that": true, "this": true, "with": true, "have": true, "from": true, "they": true, "their": true,
	"there": true, "what": true, "when": true, "which": true, "would": true, "about": true, "more": true, "than": true, "your": true,
	"just": true, "into": true, "them": true, "were": true, "been": true, "will": true, "only": true, "very": true}

// MaxThemes bounds the list of themes.
const MaxThemes = 1000
