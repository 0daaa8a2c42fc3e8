package faces

import (
	"fmt"
	"slices"
	"time"
)

// PrepSheet is what someone going to an event reads about a key guest
// before meeting them: who they are, what they said, what they wish for,
// whether their account is at risk, who in our organization knows them,
// and a few questions to ask.
type PrepSheet struct {
	Person   *Person
	Company  *Company // where they work now; nil for none
	Story    *Story   // nil for none
	Visits   []*Visit
	Insights []*Insight // the latest, wishes excepted (PrepInsights of Said)
	Said     []*Insight // the latest twenty, wishes excepted: the questions read them
	Wishes   []*Insight // open wishes
	Risks    []*Risk    // on them and on their company
	// KnownBy are the staff who know them: who went to see them, or
	// follow them (Detail says which).
	KnownBy []Named
	// IntroducedBy are the people, on the customer side, who introduced
	// them.
	IntroducedBy []Named
	// Unasked are interview guide questions no visit has asked them.
	Unasked []string
	// Moved is when they took their current position, if within a year.
	Moved time.Time

	Questions []string
}

// Limits on what a prep sheet lists.
const (
	PrepVisits   = 3
	PrepInsights = 5
	PrepWishes   = 5
	PrepUnasked  = 2
)

// AskQuestions writes the sheet's questions from the person's history:
// why they bought, what is on their wish list, what worries them most —
// asked afresh or followed up — then how a new role compares to the old
// one, then guide questions not yet asked of them. At most six.
func (s *PrepSheet) AskQuestions(now time.Time) {
	var qs []string
	whyBought, threat := s.latest("why_bought"), s.latest("threat")
	switch {
	case whyBought != nil:
		qs = append(qs, fmt.Sprintf("You told us you chose us because “%s” — is that still what matters most?", Clip(whyBought.Text, 120)))
	case s.Company != nil:
		qs = append(qs, fmt.Sprintf("What made %s choose us in the first place — and what nearly stopped it?", s.Company.Name))
	default:
		qs = append(qs, "What would make you choose a product like ours?")
	}
	if len(s.Wishes) > 0 {
		qs = append(qs, fmt.Sprintf("You wished for “%s” — how are you managing without it today?", Clip(s.Wishes[0].Text, 120)))
	} else {
		qs = append(qs, "If you could change one thing about how you work today, what would it be?")
	}
	if threat != nil {
		qs = append(qs, fmt.Sprintf("Last time, “%s” worried you most — has that changed?", Clip(threat.Text, 120)))
	} else {
		qs = append(qs, "What worries you most about your business this year?")
	}
	if !s.Moved.IsZero() && now.Sub(s.Moved) < 365*24*time.Hour {
		qs = append(qs, "How does your new role compare to your old one?")
	}
	for _, q := range s.Unasked {
		if !slices.Contains(qs, q) {
			qs = append(qs, q)
		}
	}
	if len(qs) > 6 {
		qs = qs[:6]
	}
	s.Questions = qs
}

// latest returns the newest insight of a type the sheet holds.
func (s *PrepSheet) latest(typ string) *Insight {
	for _, in := range s.Said {
		if in.Type == typ {
			return in
		}
	}
	return nil
}

// Clip shortens text to at most n runes, ending with an ellipsis when cut.
func Clip(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n-1]) + "…"
}
