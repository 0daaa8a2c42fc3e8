package lens

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word or a punctuation mark of a sentence.
type token struct {
	start, end int    // byte offsets in the analyzed text
	text       string // as written
	lower      string // lower-cased, with ’ folded to '
	word       bool   // letters or digits, not punctuation
	cap        bool   // first letter upper-case
	allCaps    bool   // two or more letters, all upper-case
}

// tokenize splits s (which starts at byte offset base of the text) into
// words and punctuation marks. A word keeps inner apostrophes, hyphens,
// slashes between letters and periods between letters ("e.g"), so "don't",
// "co-founder" and "VP/Director" stay whole where that helps the lexicons.
func tokenize(s string, base int, out []token) []token {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || r == utf8.RuneError && n <= 1 && !isWordRune(r):
			i += n
		case isWordRune(r):
			j := i + n
			for j < len(s) {
				q, qn := utf8.DecodeRuneInString(s[j:])
				if isWordRune(q) {
					j += qn
					continue
				}
				if (q == '\'' || q == '’' || q == '-' || q == '&') && j+qn < len(s) {
					if next, _ := utf8.DecodeRuneInString(s[j+qn:]); isWordRune(next) {
						j += qn
						continue
					}
				}
				break
			}
			out = append(out, newWord(s[i:j], base+i, base+j))
			i = j
		default:
			out = append(out, token{start: base + i, end: base + i + n, text: s[i : i+n], lower: s[i : i+n]})
			i += n
		}
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func newWord(text string, start, end int) token {
	t := token{start: start, end: end, text: text, word: true}
	t.lower = strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	first, _ := utf8.DecodeRuneInString(text)
	t.cap = unicode.IsUpper(first)
	if t.cap && utf8.RuneCountInString(text) > 1 {
		t.allCaps = true
		for _, r := range text {
			if unicode.IsLetter(r) && !unicode.IsUpper(r) {
				t.allCaps = false
				break
			}
		}
	}
	return t
}

// isPunct tells whether the token is one of the given punctuation marks.
func (t token) isPunct(marks string) bool {
	return !t.word && strings.Contains(marks, t.text)
}

// stem strips a possessive and a plural ending, crudely but predictably:
// "customers'" and "customer's" become "customer", "companies" "company".
func stem(w string) (base string, plural bool) {
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'")
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y", true
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2], true
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
		return w, false
	case strings.HasSuffix(w, "s") && len(w) > 3:
		return w[:len(w)-1], true
	}
	return w, false
}
