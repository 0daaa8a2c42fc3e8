package sqlstore

import "testing"

func TestScoreMatch(t *testing.T) {
	jill := [4]string{"Jill Okafor", "Head of operations", "Acme Anvils", `["champion"]`}
	for _, tc := range []struct {
		terms []string
		want  int
	}{
		{[]string{"jil"}, 10},          // a name
		{[]string{"oper"}, 4},          // a title
		{[]string{"anv"}, 4},           // a company
		{[]string{"champ"}, 2},         // a tag
		{[]string{"night"}, 1},         // the notes, then
		{[]string{"jill", "acme"}, 14}, // each term its best field
	} {
		if got := scoreMatch(tc.terms, jill); got != tc.want {
			t.Errorf("%v: %d, want %d", tc.terms, got, tc.want)
		}
	}
}

// A term begins a word wherever the word stands, in any case, and never
// matches inside a word.
func TestHasWordPrefix(t *testing.T) {
	for _, tc := range []struct {
		field, term string
		want        bool
	}{
		{"Jill Okafor", "oka", true},
		{"JILL OKAFOR", "jill", true},
		{"Jill Okafor", "kaf", false},     // inside a word
		{"Jill Okafor", "okaforx", false}, // longer than the word
		{"Jill", "jill", true},            // the whole field
		{`["vip","champion"]`, "champ", true},
		{"Anne-Marie Ødegård", "ødeg", true},
		{"Anne-Marie Ødegård", "marie", true},
		{"room 42b", "42", true},
		{"", "a", false},
		{"Émile", "émi", true},
	} {
		if got := hasWordPrefix(tc.field, tc.term); got != tc.want {
			t.Errorf("hasWordPrefix(%q, %q) = %v, want %v", tc.field, tc.term, got, tc.want)
		}
	}
}
