package faces_test

import (
	"testing"

	"github.com/faces-org/faces"
)

// A search result says where the record holds what was typed.
func TestHitOf(t *testing.T) {
	p := &faces.Person{Name: "Jill Okafor", Emails: []string{"jill@northwind.example"}, Phones: []string{"+44 (0)7700 900461"},
		Tags: []string{"night shift", "champion"}, Notes: "Keeps a paper log of every stoppage on the line, with the fix that worked; the day crew copied it within a month.",
		Current: &faces.Position{Title: "Shift supervisor", CompanyName: "Northwind Foods"}}
	for _, tc := range []struct {
		query string
		want  *faces.Hit
	}{
		{"jil", &faces.Hit{Field: "name", Word: "Jill", After: " Okafor"}},
		{"supervisor", &faces.Hit{Field: "title", Before: "Shift ", Word: "supervisor"}},
		{"northwind", &faces.Hit{Field: "company", Word: "Northwind", After: " Foods"}},
		{"7700-900461", &faces.Hit{Field: "phone", Word: "+44 (0)7700 900461"}},
		{"champ", &faces.Hit{Field: "tags", Before: "night shift, ", Word: "champion"}},
		{"stoppage", &faces.Hit{Field: "notes", Before: "Keeps a paper log of every ", Word: "stoppage", After: " on the line, with the fix that worked;…"}},
		{"dashboards", nil},
	} {
		got := faces.HitOf(p, tc.query)
		if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
			t.Errorf("HitOf(%q) = %+v, want %+v", tc.query, got, tc.want)
		}
	}
}
