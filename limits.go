package faces

import (
	"fmt"
	"unicode/utf8"
)

// Limits are the longest each text field may be, in characters, by
// "record.field"; for a list (emails, tags…) the limit is per entry. Each
// record's Validate enforces them, the forms state them (maxlength) and
// the API documents them (maxLength in openapi.json; a test keeps the two
// in step).
var Limits = map[string]int{
	"person.name":       MaxNameLen,
	"person.pronouns":   40,
	"person.emails":     254,
	"person.phones":     50,
	"person.addresses":  500,
	"person.links":      2000,
	"person.tags":       50,
	"person.notes":      MaxNotesLen,
	"company.name":      MaxNameLen,
	"company.story":     MaxNotesLen,
	"company.locations": 200,
	"move.title":        MaxNameLen,
	"move.division":     MaxNameLen,
	"story.card":        MaxCardLen,
	"story.body":        MaxNotesLen,
	"story.source_of":   MaxNameLen,
	"consent.note":      500,
	"relationship.note": 500,
	"risk.reason":       500,
	"review.title":      MaxNameLen,
	"review.notes":      MaxNotesLen,
	"review.answer":     2000,
	"event.name":        MaxNameLen,
	"event.place":       MaxNameLen,
	"event.notes":       MaxNotesLen,
	"account.name":      MaxNameLen,
	"account.email":     254,
	"account.team":      100,
	"token.name":        100,
	"search.q":          200,
	"screen.name":       100,
	"screen.place":      200,
	"screen.time_zone":  64,
	"visit.notes":       MaxNotesLen,
	"insight.text":      5000,
	"theme.name":        MaxNameLen,
	"guide.name":        MaxNameLen,
	"guide.about":       1000,
	"guide.questions":   500,
	"answer.text":       5000,
}

// Limit returns the limit of a "record.field"; it panics for a field that
// has none, which is a programming error caught by the tests.
func Limit(field string) int {
	n, ok := Limits[field]
	if !ok {
		panic("faces: no length limit for " + field)
	}
	return n
}

// length checks a field's value against its limit.
func (f fieldErrors) length(record, field, value string) {
	n := Limit(record + "." + field)
	f.check(utf8.RuneCountInString(value) <= n, field, fmt.Sprintf("At most %d characters.", n))
}

// lengthEach checks each entry of a list field against its limit.
func (f fieldErrors) lengthEach(record, field string, values []string) {
	n := Limit(record + "." + field)
	for _, v := range values {
		f.check(utf8.RuneCountInString(v) <= n, field, fmt.Sprintf("Each entry holds at most %d characters.", n))
	}
}
