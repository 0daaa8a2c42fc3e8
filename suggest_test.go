package faces_test

import (
	"testing"

	"github.com/faces-org/faces"
)

func TestSuggestForTheme(t *testing.T) {
	theme := &faces.Theme{Name: "Paper logs beat screens"}
	evidence := []*faces.Insight{{ID: 1, Text: "I trust the paper log more than any screen on the night shift."}}
	candidates := []*faces.Insight{
		{ID: 2, Text: "Our invoices arrive late every quarter."},
		{ID: 3, Text: "The night shift keeps a paper log by the line."},
		{ID: 4, Text: "Nobody looks at the screens at night."},
		{ID: 5, Text: "a b c"},
	}
	got := faces.SuggestForTheme(theme, evidence, candidates, 10)
	if len(got) != 2 || got[0].ID != 3 || got[1].ID != 4 {
		ids := []int64{}
		for _, g := range got {
			ids = append(ids, g.ID)
		}
		t.Errorf("suggestions %v, want [3 4]", ids)
	}
	if got := faces.SuggestForTheme(theme, evidence, candidates, 1); len(got) != 1 {
		t.Errorf("at most one: %d", len(got))
	}
}
