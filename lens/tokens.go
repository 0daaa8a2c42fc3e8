package lens

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// token is a word or a punctuation mark of a sentence.
type token struct {
	start, end int    // byte offsets in the analyzed text
	lower      string // lower-cased (typographic apostrophes kept)
	word       bool   // letters or digits, not punctuation
	cap        bool   // first letter upper-case
	allCaps    bool   // two or more letters, all upper-case
	skip       bool   // already accounted for by a rule that read its sentence whole
	punct      rune   // the mark, for punctuation
	hyphen     bool   // the word has a hyphen inside
	hash       uint64 // hashWord(lower), for words

	// Set by classify:
	base     string // lower without a plural or possessive ending
	baseHash uint64 // hashWord(base)
	plural   bool
	cls      class // the classes lower belongs to
	stemCls  class // the classes base belongs to
	// Set by the reader's memo: the model's weights of the word feature
	// (mix(fWord, baseHash)), nil when the model has none.
	wordW *[numLevels]float32
}

// classify looks the word up in the lexicon, as written and as stemmed.
func (t *token) classify() {
	slot := lexiconTable.getHashed(t.lower, t.hash)
	t.cls = slot.cls
	if t.cap {
		t.cls |= slot.nameCls
	}
	t.base, t.plural = stem(t.lower)
	t.stemCls, t.baseHash = t.cls, t.hash
	if len(t.base) != len(t.lower) {
		t.baseHash = hashWord(t.base)
		t.stemCls = lexiconTable.getHashed(t.base, t.baseHash).cls
	}
	if t.cls == 0 && t.stemCls == 0 && t.hyphen {
		// "sub-segments", "beta-testers": a hyphenated compound is read
		// by its head, the last part.
		if i := strings.LastIndexByte(t.base, '-'); i > 0 && i+1 < len(t.base) {
			t.base = t.base[i+1:]
			t.baseHash = hashWord(t.base)
			t.stemCls = lexiconTable.getHashed(t.base, t.baseHash).cls
		}
	}
}

// is tells whether the word belongs to one of the classes in c.
func (t *token) is(c class) bool { return t.cls&c != 0 }

// stemIs tells whether the word's stem belongs to one of the classes in c.
func (t *token) stemIs(c class) bool { return t.stemCls&c != 0 }

// tokenize splits s (which starts at byte offset base of the text) into
// words and punctuation marks. A word keeps inner apostrophes, hyphens and
// ampersands ("don't", "co-founder", "R&D"). A word is lower-cased as it
// is found: one already in lower case is a slice of s, and any other is
// written into lower (len(s) bytes, reused by the caller) at the word's
// own offsets, so it costs no allocation (see lowerWord).
func tokenize(s string, lower []byte, base int, out []token) []token {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiWordByte[c]:
				// The common word, all ASCII letters and digits, is found
				// and hashed in lower case in one pass (setting bit 0x20
				// lower-cases an ASCII letter and leaves a digit as it
				// is); one that goes on past a joiner or a non-ASCII
				// letter is taken up by wordEnd.
				h, j := uint64(fnvOffset), i
				var cases byte // asciiCase of every letter seen
				for j < len(s) && asciiWordByte[s[j]] {
					cases |= asciiCase[s[j]]
					h = (h ^ uint64(s[j]|0x20)) * fnvPrime
					j++
				}
				hyphen, ascii := false, true
				if j < len(s) && (s[j] >= utf8.RuneSelf || s[j] == '\'' || s[j] == '-' || s[j] == '&') {
					if k := wordEnd(s, j); k > j {
						j, ascii = k, false
						hyphen = strings.IndexByte(s[i:j], '-') > 0
					}
				}
				if j+1 < len(s) && mayEndCode[s[j]] {
					// An address or an identifier is no prose: the words
					// in "https://godoc.org" or "client_golang" name no
					// one.
					if e := codeEnd(s, i, j); e > i {
						i = e
						continue
					}
				}
				out = grow(out)
				if ascii {
					out[len(out)-1] = asciiWord(s, lower, i, j, base, h, cases)
				} else {
					w := lowerWord(s, lower, i, j)
					out[len(out)-1].setWord(s[i:j], w, base+i, base+j, hashWord(w), hyphen)
				}
				i = j
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				i++
			default:
				out = grow(out)
				out[len(out)-1] = token{start: base + i, end: base + i + 1, lower: s[i : i+1], punct: rune(c)}
				i++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			j := wordEnd(s, i+n)
			w := lowerWord(s, lower, i, j)
			out = grow(out)
			out[len(out)-1].setWord(s[i:j], w, base+i, base+j, hashWord(w), strings.IndexByte(s[i:j], '-') > 0)
			i = j
		case unicode.IsSpace(r) || r == utf8.RuneError:
			i += n
		default:
			out = grow(out)
			out[len(out)-1] = token{start: base + i, end: base + i + n, lower: s[i : i+n], punct: r}
			i += n
		}
	}
	return out
}

// asciiWord makes the token of s[i:j], a word of ASCII letters and digits
// whose hash h and letter cases were found as it was scanned: it is
// lower-cased and its capitals read without another pass over it.
func asciiWord(s string, lower []byte, i, j, base int, h uint64, cases byte) token {
	w := s[i:j]
	if cases&upperCase != 0 {
		b := lower[i:j]
		for k := range b {
			b[k] = w[k] | 0x20 // lower-cases a letter, keeps a digit
		}
		w = unsafe.String(unsafe.SliceData(b), len(b))
	}
	capital := s[i] >= 'A' && s[i] <= 'Z'
	return token{start: base + i, end: base + j, lower: w, word: true, hash: h,
		cap: capital, allCaps: capital && j-i > 1 && cases&lowerCase == 0}
}

// asciiCase marks the ASCII letters by their case.
var asciiCase = func() (t [256]byte) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = upperCase
		t[c+'a'-'A'] = lowerCase
	}
	return t
}()

const (
	upperCase byte = 1 << iota
	lowerCase
)

// mayEndCode marks the bytes after which a word may turn out to be part
// of an address or an identifier (see codeEnd).
var mayEndCode = [256]bool{':': true, '.': true, '_': true}

// codeEnd returns the end of the web address or identifier whose first
// word is s[i:j] (in any case), or i when it is none:
//   - an address with a scheme, "https://…", "mailto:…", or "www.…";
//   - a domain name and a path, "golang.org/x/tools" (a domain alone,
//     "Booking.com", is a company's name and is read as one);
//   - an identifier, "client_golang".
//
// An address ends at white space, a quote or an angle bracket; the
// punctuation that closes a sentence or a parenthesis around it is not
// part of it.
func codeEnd(s string, i, j int) int {
	switch s[j] {
	case ':':
		if strings.HasPrefix(s[j:], "://") && j+3 < len(s) && !endsURL[s[j+3]] || strings.EqualFold(s[i:j], "mailto") {
			return urlRest(s, i, j)
		}
	case '.':
		if strings.EqualFold(s[i:j], "www") {
			return urlRest(s, i, j)
		}
		k, dot := j, false
		for k < len(s) && (asciiWordByte[s[k]] || s[k] == '.' || s[k] == '-') {
			dot = dot || s[k] == '.'
			k++
		}
		if dot && k < len(s) && s[k] == '/' && isLetterByte(s[k-1]) {
			return urlRest(s, i, k)
		}
	case '_':
		if asciiWordByte[s[j+1]] {
			for j < len(s) && (asciiWordByte[s[j]] || s[j] == '_') {
				j++
			}
			return j
		}
	}
	return i
}

// urlRest returns the end of an address that starts at s[i] and is
// known to run at least to j.
func urlRest(s string, i, j int) int {
	for j < len(s) && !endsURL[s[j]] {
		j++
	}
	for j > i && strings.IndexByte(".,;:!?)]}", s[j-1]) >= 0 {
		j--
	}
	return j
}

// endsURL marks the bytes an address does not run on over: white space,
// quotes, angle brackets, and any non-ASCII byte (a typographic quote).
var endsURL = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r\f\v\"'<>`") {
		t[c] = true
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = true
	}
	return t
}()

// grow lengthens toks by one token, to be filled in place: a token is
// large, and building it apart to append it would copy it twice.
func grow(toks []token) []token {
	if len(toks) == cap(toks) {
		return append(toks, token{})
	}
	return toks[:len(toks)+1]
}

// wordEnd returns the end of the word whose rest starts at s[j].
func wordEnd(s string, j int) int {
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if asciiWordByte[c] {
				j++
				continue
			}
			if (c == '\'' || c == '-' || c == '&') && startsWord(s[j+1:]) {
				j++
				continue
			}
			return j
		}
		if n := wordRuneLen(s[j:]); n > 0 {
			j += n
			continue
		}
		if strings.HasPrefix(s[j:], "’") && startsWord(s[j+3:]) {
			j += 3
			continue
		}
		return j
	}
	return j
}

// lowerWord returns the word s[i:j] lower-cased without moving any byte:
// a letter whose lower-case form has another encoded length is left as it
// is, so offsets into the word are offsets into the text. A word with no
// upper-case letter is s[i:j] itself; any other is written into lower[i:j]
// and aliases it: it is valid until the caller reuses lower, and whatever
// keeps a word longer must copy it (see remember).
func lowerWord(s string, lower []byte, i, j int) string {
	w := s[i:j]
	k := 0
	for ; k < len(w); k++ {
		if c := w[k]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			break
		}
	}
	if k == len(w) {
		return w
	}
	b := lower[i:j]
	copy(b, w)
	changed := false
	for k < len(w) {
		c := w[k]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				b[k] = c + 'a' - 'A'
				changed = true
			}
			k++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[k:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
			utf8.EncodeRune(b[k:], l)
			changed = true
		}
		k += n
	}
	if !changed {
		return w
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// asciiWordByte marks the ASCII letters and digits.
var asciiWordByte = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = isASCIIWordByte(byte(c))
	}
	return t
}()

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

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// setWord makes t the word text (lower-cased: lower, hashed: hash) at
// [start, end).
func (t *token) setWord(text, lower string, start, end int, hash uint64, hyphen bool) {
	*t = token{start: start, end: end, lower: lower, word: true, hyphen: hyphen, hash: hash}
	if c := text[0]; c < utf8.RuneSelf {
		t.cap = c >= 'A' && c <= 'Z'
	} else {
		first, _ := utf8.DecodeRuneInString(text)
		t.cap = unicode.IsUpper(first)
	}
	if t.cap && len(text) > 1 {
		t.allCaps = true
		for i := 0; i < len(text); i++ {
			if c := text[i]; c >= 'a' && c <= 'z' || c >= utf8.RuneSelf && !allUpper(text[i:]) {
				t.allCaps = false
				break
			}
		}
	}
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
func (t *token) isPunct(marks string) bool {
	if t.word {
		return false
	}
	for _, m := range marks {
		if m == t.punct {
			return true
		}
	}
	return false
}

// stem strips a possessive and a plural ending, crudely but predictably:
// "customers'" and "customer's" become "customer", "companies" "company".
func stem(w string) (base string, plural bool) {
	if w == "" {
		return w, false
	}
	if c := w[len(w)-1]; c != 's' && c != '\'' && c != 0x99 {
		return w, false // the common case: no s, no apostrophe (’ ends in 0x99)
	}
	w = trimPossessive(w)
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

// isPossessive tells whether w ends in 's or s' (either apostrophe).
func isPossessive(w string) bool {
	return trimPossessive(w) != w
}

func trimPossessive(w string) string {
	if w == "" || w[len(w)-1] != 's' && w[len(w)-1] != '\'' && w[len(w)-1] != 0x99 {
		return w // neither s nor an apostrophe (’ ends in 0x99) at the end
	}
	for _, suffix := range [...]string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suffix) {
			return w[:len(w)-len(suffix)]
		}
	}
	return w
}
