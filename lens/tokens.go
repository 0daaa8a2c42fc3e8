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
	skip       bool   // already accounted for by a rule that read its sentence whole

	// Set by classify:
	base    string // lower without a plural or possessive ending
	plural  bool
	cls     class // the classes lower belongs to
	stemCls class // the classes base belongs to
}

// classify looks the word up in the lexicon, as written and as stemmed.
func (t *token) classify() {
	t.cls = lexicon[t.lower]
	if t.cap {
		t.cls |= names[t.lower]
	}
	t.base, t.plural = stem(t.lower)
	t.stemCls = t.cls
	if t.base != t.lower {
		t.stemCls = lexicon[t.base]
	}
	if t.cls == 0 && t.stemCls == 0 {
		// "sub-segments", "beta-testers": a hyphenated compound is read
		// by its head, the last part.
		if h := strings.LastIndexByte(t.base, '-'); h > 0 && h+1 < len(t.base) {
			t.base = t.base[h+1:]
			t.stemCls = lexicon[t.base]
		}
	}
}

// is tells whether the word belongs to one of the classes in c.
func (t *token) is(c class) bool { return t.cls&c != 0 }

// stemIs tells whether the word's stem belongs to one of the classes in c.
func (t *token) stemIs(c class) bool { return t.stemCls&c != 0 }

// tokenize splits s (which starts at byte offset base of the text) into
// words and punctuation marks. A word keeps inner apostrophes, hyphens and
// ampersands ("don't", "co-founder", "R&D"). Lower-cased forms are written
// into one buffer per call, so a sentence costs a single allocation for
// them however many words it has.
func tokenize(s string, base int, out []token, lowerBuf []byte) ([]token, []byte) {
	lowerBuf = lowerBuf[:0]
	first := len(out)
	type bounds struct{ lo, hi int }
	var spans []bounds
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIIWordByte(c):
				j := i + 1
				for j < len(s) {
					if c := s[j]; c < utf8.RuneSelf {
						if isASCIIWordByte(c) {
							j++
							continue
						}
						if (c == '\'' || c == '-' || c == '&') && j+1 < len(s) && startsWord(s[j+1:]) {
							j++
							continue
						}
						break
					}
					if n := wordRuneLen(s[j:]); n > 0 {
						j += n
						continue
					}
					if strings.HasPrefix(s[j:], "’") && startsWord(s[j+3:]) {
						j += 3
						continue
					}
					break
				}
				lo := len(lowerBuf)
				lowerBuf = appendLower(lowerBuf, s[i:j])
				spans = append(spans, bounds{lo, len(lowerBuf)})
				out = append(out, newWord(s[i:j], base+i, base+j))
				i = j
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				i++
			default:
				out = append(out, token{start: base + i, end: base + i + 1, text: s[i : i+1], lower: s[i : i+1]})
				i++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			// A word that starts with a non-ASCII letter: rare enough to
			// take the general path.
			j := i + n
			for j < len(s) {
				if m := wordRuneLen(s[j:]); m > 0 {
					j += m
					continue
				}
				q, qn := utf8.DecodeRuneInString(s[j:])
				if (q == '\'' || q == '’' || q == '-' || q == '&') && startsWord(s[j+qn:]) {
					j += qn
					continue
				}
				break
			}
			lo := len(lowerBuf)
			lowerBuf = appendLower(lowerBuf, s[i:j])
			spans = append(spans, bounds{lo, len(lowerBuf)})
			out = append(out, newWord(s[i:j], base+i, base+j))
			i = j
		case unicode.IsSpace(r) || r == utf8.RuneError:
			i += n
		default:
			out = append(out, token{start: base + i, end: base + i + n, text: s[i : i+n], lower: s[i : i+n]})
			i += n
		}
	}
	lower := string(lowerBuf)
	k := 0
	for t := first; t < len(out); t++ {
		if out[t].word {
			out[t].lower = lower[spans[k].lo:spans[k].hi]
			k++
		}
	}
	return out, lowerBuf
}

func isASCIIWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// wordRuneLen returns the length of the letter or digit s starts with, or 0.
func wordRuneLen(s string) int {
	if s == "" {
		return 0
	}
	if s[0] < utf8.RuneSelf {
		if isASCIIWordByte(s[0]) {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRuneInString(s)
	if isWordRune(r) {
		return n
	}
	return 0
}

func startsWord(s string) bool { return wordRuneLen(s) > 0 }

// appendLower appends w lower-cased, with the typographic apostrophe ’
// folded to ', so lexicon entries need only one spelling.
func appendLower(buf []byte, w string) []byte {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:])
		if r == '’' {
			buf = append(buf, '\'')
		} else {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		}
		i += n
	}
	return buf
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func newWord(text string, start, end int) token {
	t := token{start: start, end: end, text: text, word: true}
	first, _ := utf8.DecodeRuneInString(text)
	t.cap = unicode.IsUpper(first)
	if t.cap && len(text) > 1 {
		t.allCaps = true
		for i := 0; i < len(text); i++ {
			if c := text[i]; c >= 'a' && c <= 'z' || c >= utf8.RuneSelf && !allUpper(text[i:]) {
				t.allCaps = false
				break
			}
		}
	}
	return t
}

// allUpper tells whether every letter of s is upper-case.
func allUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
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
