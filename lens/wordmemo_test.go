package lens

import (
	"fmt"
	"strings"
	"testing"
)

// The memo gives every word what classifying it and looking its word
// feature up in the model give, whether the word is met for the first
// time, again, after the memo grew, after it started again, or after the
// reader changed models.
func TestMemoClassifiesAsTheLexiconDoes(t *testing.T) {
	text := "Customers' companies call. The CFO of Acme, Jill, said: “We're co-founders.” " +
		"JILL and jill; Über-users, the über-users' sub-segments. customers Customers CUSTOMERS 2026"
	var many strings.Builder
	for i := range memoMaxSize {
		fmt.Fprintf(&many, "w%d Word%d ", i, i)
	}
	model := defaultModel()
	if model == nil {
		t.Fatal("no shipped model")
	}
	var memo wordMemo
	check := func(stage, text string, m *Model) {
		t.Helper()
		for _, tok := range tokenize(text, make([]byte, len(text)), 0, nil) {
			if !tok.word {
				continue
			}
			want, got := tok, tok
			want.classify()
			if m != nil {
				want.wordW = m.table.get(mix(fWord, want.baseHash))
			}
			memo.classify(&got, m)
			if got != want {
				t.Fatalf("%s: %q: memo gave %+v, want %+v", stage, tok.lower, got, want)
			}
		}
		if len(memo.slots) > memoMaxSize || memo.n*2 > len(memo.slots) {
			t.Fatalf("%s: %d words in %d slots", stage, memo.n, len(memo.slots))
		}
	}
	check("first met", text, model)
	check("met again", text, model)
	check("many words", many.String(), model) // grows, then starts again
	check("after starting again", text, model)
	check("met again after starting again", text, model)
	check("rules alone", text, nil)
	check("the model again", text, model)
}
