package lens

import (
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	text := "Jill runs the night shift at Acme. Customers want labels sooner."
	r := ReadText(text)
	var joined strings.Builder
	marked := map[string]string{}
	for _, s := range r.Segments {
		joined.WriteString(s.Text)
		if s.Level != "" {
			marked[s.Text] = s.Level
		}
	}
	if joined.String() != text {
		t.Errorf("the segments do not make the text again: %q", joined.String())
	}
	if marked["Jill"] != "person" || marked["Customers"] != "market" || r.Counts[Person] == 0 || r.Counts[Market] == 0 {
		t.Errorf("marked %v, counts %v", marked, r.Counts)
	}
}
