package faces_test

import (
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

func TestSimilarNames(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want string
	}{
		{"José García", "jose garcia", "the same name"},
		{"Jon Smith", "John Smith", "a similar name"},
		{"J. Smith", "John Smith", "a similar name"},
		{"Jonathan Smith", "Jon Smith", "a similar name"},
		{"Katherine Lee", "Catherine Lee", "a similar name"},
		{"Ann Smith", "John Smith", ""},
		{"Bo Li", "Bi Li", ""}, // first names too short to tell apart by a letter
		{"John Smith", "John Smyth", ""},
		{"Smith", "John Smith", ""},
		{"", "John Smith", ""},
	} {
		if got := faces.SimilarNames(tc.a, tc.b); got != tc.want {
			t.Errorf("SimilarNames(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

// A prep sheet's questions follow up what the person said, and ask afresh
// what no one has learned yet.
func TestPrepQuestions(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	fresh := &faces.PrepSheet{Company: &faces.Company{Name: "Acme"}, Unasked: []string{"Who makes this kind of decision?"}}
	fresh.AskQuestions(now)
	if len(fresh.Questions) != 4 || !strings.Contains(fresh.Questions[0], "What made Acme choose us") || fresh.Questions[3] != "Who makes this kind of decision?" {
		t.Errorf("questions for someone we know little of: %q", fresh.Questions)
	}
	known := &faces.PrepSheet{
		Said:   []*faces.Insight{{Type: "threat", Text: "Same-day delivery."}, {Type: "why_bought", Text: "It labels before the truck arrives."}},
		Wishes: []*faces.Insight{{Type: "wish", Text: "Labels in Polish."}},
		Moved:  now.AddDate(0, -2, 0),
	}
	known.AskQuestions(now)
	q := strings.Join(known.Questions, "\n")
	for _, want := range []string{"It labels before the truck arrives", "Labels in Polish", "Same-day delivery", "new role compare"} {
		if !strings.Contains(q, want) {
			t.Errorf("questions lack %q:\n%s", want, q)
		}
	}
}
