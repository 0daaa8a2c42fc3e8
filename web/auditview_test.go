package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

// The audit trail reads as changes, field by field; relationship entries
// name the relationship.
func TestAuditReadsAsChanges(t *testing.T) {
	f := newFixture(t)
	f.do(faces.RoleEditor, "POST", "/people/1", url.Values{"name": {"Jill Okafor-Reyes"}, "tags": {"champion"}})
	f.do(faces.RoleEditor, "POST", "/people/1/move", url.Values{"company": {"#1"}, "title": {"Buyer"}, "on": {"2024-02-01"}})
	f.db.CreatePerson(t.Context(), &faces.Person{Name: "Bill Tran"})
	f.do(faces.RoleEditor, "POST", "/people/1/relationships", url.Values{"kind": {"reports_to"}, "to": {"Bill Tran"}})
	body := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/audit", nil))
	for _, want := range []string{"Name: Jill Okafor → Jill Okafor-Reyes", "Tags: (none) → champion", "First position: Buyer at Acme, from 1 Feb 2024",
		"linked: Jill Okafor-Reyes reports to Bill Tran"} {
		if !strings.Contains(body, want) {
			t.Errorf("the audit trail lacks %q", want)
		}
	}
	if body := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/audit?action=move", nil)); strings.Contains(body, "Name: Jill Okafor →") || !strings.Contains(body, "First position") {
		t.Error("filtering by what was done does not work")
	}
}
