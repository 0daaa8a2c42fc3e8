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
