package faces

import (
	"context"
	"strings"
	"unicode"
)

// SearchResults are the people and companies that match a query, best
// first.
type SearchResults struct {
	Query     string
	People    []*Person
	Companies []*Company
}

// SearchService finds people (by name, title, company, tags and notes) and
// companies (by name, locations and story) with the database's own
// full-text index.
type SearchService interface {
	Search(ctx context.Context, query string, limit int) (*SearchResults, error)
}

// MaxSearchTerms bounds how many words of a query are used.
const MaxSearchTerms = 8

// SearchTerms splits a query into lower-cased words of letters and digits;
// each is matched as a prefix ("jil" finds Jill). Punctuation and operators
// are dropped, so any text is a safe query.
func SearchTerms(query string) []string {
	words := strings.FieldsFunc(strings.ToLower(query), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) > MaxSearchTerms {
		words = words[:MaxSearchTerms]
	}
	return words
}
