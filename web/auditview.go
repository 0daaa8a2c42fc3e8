package web

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

// The audit trail as a person reads it: what changed, field by field
// ("Title: Buyer → Head of buying"), not the raw records, which stay one
// click away.

// fieldNames are the audited records' fields as the pages name them; the
// rest (ids, times kept by the system) are not shown as changes.
var fieldNames = map[string]string{
	"Name": "Name", "Pronouns": "Pronouns", "Emails": "Emails", "Phones": "Phones", "Addresses": "Addresses", "Links": "Links", "Tags": "Tags",
	"Notes": "Notes", "Story": "Story", "KeyCustomer": "Key customer", "Locations": "Locations",
	"Title": "Title", "Division": "Division", "CompanyName": "Company", "From": "From", "To": "To",
	"Card": "Card", "Body": "Story", "Source": "Source", "SourceOf": "Source, in words",
	"GrantedOn": "Granted on", "Means": "By", "Until": "Until", "RevokedAt": "Revoked", "Note": "Note",
	"Role": "Role", "Email": "Email", "Team": "Team", "Disabled": "Disabled", "hash": "Photo",
	"On": "On", "address": "From address", "reason": "Why", "name": "Name",
	"Place": "Place", "TimeZone": "Time zone", "Orientation": "Hangs", "FacesAtOnce": "Faces at once",
	"SecondsPerCard": "Seconds per card", "mode": "On the wall", "PeriodMonths": "Months a set stays up",
	"SetSize": "Faces in a set", "period": "Period", "people": "People in the set",
}

// describeChange turns an audit entry into lines a person can read.
func describeChange(e *faces.AuditEntry) []string {
	before, after := decodeFields(e.Before), decodeFields(e.After)
	switch {
	case e.Entity == "relationship":
		r := after
		verb := "linked"
		if r == nil {
			r, verb = before, "unlinked"
		}
		kind := faces.RelationshipKind(fmt.Sprint(r["Kind"]))
		return []string{fmt.Sprintf("%s: %s %s %s", verb, text(r["FromName"]), kind.Wording(false), text(r["ToName"]))}
	case e.Action == faces.ActionMove:
		if before == nil {
			return []string{fmt.Sprintf("First position: %s at %s, from %s", text(after["Title"]), text(after["CompanyName"]), text(after["From"]))}
		}
		return []string{fmt.Sprintf("Moved from %s (%s) to %s (%s), from %s", text(before["CompanyName"]), text(before["Title"]),
			text(after["CompanyName"]), text(after["Title"]), text(after["From"]))}
	case before == nil && after == nil:
		if e.Action == faces.ActionErase || e.Action == faces.ActionDelete {
			return []string{"(values erased)"}
		}
		return nil
	}
	var lines []string
	for _, k := range sortedKeys(before, after) {
		label, shown := fieldNames[k]
		if !shown {
			continue
		}
		b, a := text(before[k]), text(after[k])
		switch {
		case b == a:
		case before == nil:
			if a != "" {
				lines = append(lines, label+": "+a)
			}
		case after == nil:
			if b != "" {
				lines = append(lines, label+" was: "+b)
			}
		default:
			lines = append(lines, label+": "+orNone(b)+" → "+orNone(a))
		}
	}
	return lines
}

func decodeFields(raw json.RawMessage) map[string]any {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	m := map[string]any{}
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

func sortedKeys(ms ...map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range ms {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// text shows a JSON value: lists joined, times as days, nothing as "".
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			if t.IsZero() || t.Year() == 1 {
				return ""
			}
			return t.Format("2 Jan 2006")
		}
		return shorten(x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = text(p)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		if t, ok := x["Title"]; ok {
			return fmt.Sprintf("%s at %s", text(t), text(x["CompanyName"]))
		}
		return ""
	}
	return fmt.Sprint(v)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// shorten keeps a long text (notes, a story) to its start.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 120 {
		return string(r[:117]) + "…"
	}
	return s
}
