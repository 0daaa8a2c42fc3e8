package lens

import (
	"slices"
	"testing"
)

func TestAboutUs(t *testing.T) {
	ours := []string{"Faces Labs", "LabelFlow"}
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"the customer's own story", "Jill runs the night shift at Plant 2. She keeps a paper log of every stoppage. With our labels she cut changeover from 40 to 12 minutes.", nil},
		{"praise for the product", "Jill runs the night shift at Plant 2. She loves LabelFlow.", []string{"She loves LabelFlow."}},
		{"mostly about us", "We founded Faces Labs in 2019. Our team built the first label engine. Our roadmap is ambitious. Jill is a customer.",
			[]string{"We founded Faces Labs in 2019.", "Our team built the first label engine.", "Our roadmap is ambitious."}},
		{"a little about us", "Jill runs the night shift. She trains every new operator herself. The night crew follows her log. We met her in March.", nil},
		{"praise of the customer", "Jill cut changeover from 40 to 12 minutes. Our team loves working with her.", nil},
		{"praise of us", "Jill runs the night shift. We are simply the best at what we do.", []string{"We are simply the best at what we do."}},
		{"a name that is only a part of a word", "Jill tried labelflowing the pallets by hand.", nil},
		// Our own name is never the customer's: the CFO of LabelFlow is
		// ours, and the story is about us.
		{"our colleague's story", "Jill Chen is the CFO of LabelFlow. LabelFlow saves her team an hour a day.",
			[]string{"Jill Chen is the CFO of LabelFlow.", "LabelFlow saves her team an hour a day."}},
	} {
		if got := AboutUs(tc.text, ours); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
