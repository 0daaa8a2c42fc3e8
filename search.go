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

// PhoneQuery reads a query that is a phone number — digits with spaces,
// dashes, dots, slashes, brackets or a plus, at least six digits — as its
// digits; "" for any other query.
func PhoneQuery(q string) string {
	var digits []rune
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, r)
		case strings.ContainsRune(" -.()/+", r):
		default:
			return ""
		}
	}
	if len(digits) < 6 {
		return ""
	}
	return string(digits)
}

// Hit says why a person matched a search: where their record holds a
// word of the query, with the text around it, the word apart so that a
// page can mark it.
type Hit struct {
	Field               string
	Before, Word, After string
}

// HitOf finds the first place a person's record holds a word of the
// query (a word that starts with it; a phone number by its digits), in
// the order a reader looks: name, title, company, e-mail, phone, tags,
// notes. Nil when the match was elsewhere (their story).
func HitOf(p *Person, query string) *Hit {
	if digits := PhoneQuery(query); digits != "" {
		for _, ph := range p.Phones {
			if strings.Contains(onlyDigits(ph), digits) {
				return &Hit{Field: "phone", Word: ph}
			}
		}
		return nil
	}
	terms := SearchTerms(query)
	fields := []struct{ name, text string }{{"name", p.Name}}
	if p.Current != nil {
		fields = append(fields, struct{ name, text string }{"title", p.Current.Title}, struct{ name, text string }{"company", p.Current.CompanyName})
	}
	for _, e := range p.Emails {
		fields = append(fields, struct{ name, text string }{"e-mail", e})
	}
	fields = append(fields, struct{ name, text string }{"tags", strings.Join(p.Tags, ", ")}, struct{ name, text string }{"notes", p.Notes})
	for _, f := range fields {
		if h := hitIn(f.text, terms); h != nil {
			h.Field = f.name
			return h
		}
	}
	return nil
}

// hitIn finds the first word of text that starts with one of the terms,
// with up to 40 letters either side (cut at a space).
func hitIn(text string, terms []string) *Hit {
	r := []rune(text)
	for i := 0; i < len(r); {
		if !isWordRune(r[i]) {
			i++
			continue
		}
		j := i
		for j < len(r) && isWordRune(r[j]) {
			j++
		}
		word := strings.ToLower(string(r[i:j]))
		for _, t := range terms {
			if strings.HasPrefix(word, t) {
				return &Hit{Before: around(r[max(0, i-40):i], true), Word: string(r[i:j]), After: around(r[j:min(len(r), j+40)], false)}
			}
		}
		i = j
	}
	return nil
}

// around trims an excerpt's cut end to a space and marks it with an
// ellipsis: the start of what comes before a hit, or the end of what
// follows.
func around(r []rune, before bool) string {
	s := string(r)
	if before && len(r) == 40 {
		if k := strings.IndexByte(s, ' '); k >= 0 {
			s = s[k+1:]
		}
		return "…" + s
	}
	if !before && len(r) == 40 {
		if k := strings.LastIndexByte(s, ' '); k >= 0 {
			s = s[:k]
		}
		return s + "…"
	}
	return s
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
