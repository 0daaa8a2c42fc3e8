package faces

import (
	"context"
	"time"
)

// The kinds of text staff write that the leaders' view reads: how much of
// the organization's own writing speaks of customers, and how concretely.
// (An insight recorded in the customer's own words is theirs, not ours,
// and is not counted; one we summed up is.)
const (
	WritingStory        = "story"
	WritingPersonNotes  = "person_notes"
	WritingCompanyStory = "company_story"
	WritingVisitNotes   = "visit_notes"
	WritingReview       = "review"
	WritingEventNotes   = "event_notes"
	WritingInsight      = "insight"
)

// WritingKinds lists the kinds in the order pages show them, with their
// names.
var WritingKinds = []struct{ Kind, Name string }{
	{WritingVisitNotes, "Visit notes"},
	{WritingReview, "Account reviews"},
	{WritingEventNotes, "Event notes"},
	{WritingStory, "Customers' stories"},
	{WritingPersonNotes, "Notes on people"},
	{WritingCompanyStory, "Companies' stories"},
	{WritingInsight, "Insights in our words"},
}

// WritingKindName names a kind of writing, or returns "" for an unknown one.
func WritingKindName(kind string) string {
	for _, k := range WritingKinds {
		if k.Kind == kind {
			return k.Name
		}
	}
	return ""
}

// Levels at which a text can speak of customers, most abstract first, as
// the lens tells them; a WritingRow counts texts by the most concrete one
// they reach.
var WritingLevels = [4]string{"market", "enterprise", "role", "person"}

// WritingFilter chooses the texts the leaders' view sums up: the months
// from From to To (inclusive, "2006-01"), of one kind and one team of
// authors when set. Team "-" is the texts of authors without a team (and
// those written before authors were recorded).
type WritingFilter struct {
	From, To   string
	Kind, Team string
}

// Validate checks the filter.
func (f *WritingFilter) Validate() error {
	fe := fieldErrors{}
	_, errFrom := time.Parse("2006-01", f.From)
	_, errTo := time.Parse("2006-01", f.To)
	fe.check(errFrom == nil, "from", "A month is written 2026-01.")
	fe.check(errTo == nil, "to", "A month is written 2026-01.")
	fe.check(errFrom != nil || errTo != nil || f.From <= f.To, "from", "The first month comes before the last.")
	fe.check(f.Kind == "" || WritingKindName(f.Kind) != "", "kind", "Unknown kind of text.")
	return fe.err("months")
}

// LastMonths is the filter of the n months up to the one that holds day.
func LastMonths(day time.Time, n int) WritingFilter {
	first := time.Date(day.Year(), day.Month()-time.Month(n-1), 1, 0, 0, 0, 0, time.UTC)
	return WritingFilter{From: first.Format("2006-01"), To: day.Format("2006-01")}
}

// WritingRow sums up texts: how many, how many mention customers at all,
// and of those, how many reach each level as their most concrete.
type WritingRow struct {
	Key        string // the month, kind or team
	Texts      int
	Mentioning int
	At         [4]int
}

// MentionShare is the share of the texts that mention customers at all.
func (r WritingRow) MentionShare() float64 { return share(r.Mentioning, r.Texts) }

// AtShare is, among the texts that mention customers, the share whose most
// concrete level is the i-th of WritingLevels.
func (r WritingRow) AtShare(i int) float64 { return share(r.At[i], r.Mentioning) }

func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// WritingStats is the leaders' view: the chosen texts month by month, and
// over the whole period by kind and by team of their author.
type WritingStats struct {
	Months []WritingRow // every month of the period, in order, empty ones too
	Kinds  []WritingRow
	Teams  []WritingRow // Key "" is authors without a team
	Total  WritingRow
}

// WritingService sums up what staff wrote.
type WritingService interface {
	WritingStats(ctx context.Context, f WritingFilter) (*WritingStats, error)
}
