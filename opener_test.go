package faces

import (
	"slices"
	"testing"
)

func TestOpenerTerms(t *testing.T) {
	if got := OpenerTerms("Weekly sync: Cold-chain logistics & the Q3 review of cold storage"); !slices.Equal(got, []string{"cold", "chain", "logistics", "storage"}) {
		t.Errorf("terms %q", got)
	}
}

func TestOpenerText(t *testing.T) {
	for _, tc := range []struct {
		p    *Person
		want string
	}{
		{&Person{Name: "Jill Okafor", Current: &Position{Title: "Operations manager", CompanyName: "Northwind Foods"}},
			"Jill Okafor, an operations manager at Northwind Foods, is the kind of person we are building this for: Keeps 40 trucks moving at night."},
		{&Person{Name: "Bill Tran", Current: &Position{Title: "CFO", CompanyName: "Contoso"}},
			"Bill Tran, a CFO at Contoso, is the kind of person we are building this for: Keeps 40 trucks moving at night."},
		{&Person{Name: "Ana Lima"}, "Ana Lima is the kind of person we are building this for: Keeps 40 trucks moving at night."},
	} {
		if got := OpenerText(tc.p, &Story{Card: "Keeps 40 trucks moving at night"}); got != tc.want {
			t.Errorf("%q\nwant %q", got, tc.want)
		}
	}
}
