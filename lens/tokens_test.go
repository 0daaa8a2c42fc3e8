package lens

import "testing"

// A word is lower-cased without moving a byte, so its offsets hold in the
// lower-cased form too; a letter whose lower case is longer or shorter is
// left as it is.
func TestWordsAreLowerCasedInPlace(t *testing.T) {
	text := "Über ÉCOLE İstanbul naïve CUSTOMERS co-Founder R&D x2 ŞİRKET"
	want := []string{"über", "école", "İstanbul", "naïve", "customers", "co-founder", "r&d", "x2", "şİrket"}
	toks := tokenize(text, make([]byte, len(text)), 100, nil)
	if len(toks) != len(want) {
		t.Fatalf("%d tokens, want %d: %+v", len(toks), len(want), toks)
	}
	for i, tok := range toks {
		if tok.lower != want[i] {
			t.Errorf("token %d: %q, want %q", i, tok.lower, want[i])
		}
		if len(tok.lower) != tok.end-tok.start {
			t.Errorf("token %d: %q at %d:%d", i, tok.lower, tok.start, tok.end)
		}
		if tok.hash != hashWord(tok.lower) {
			t.Errorf("token %d: %q hashed as another word", i, tok.lower)
		}
	}
}
