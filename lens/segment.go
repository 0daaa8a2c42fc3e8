package lens

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a half-open byte range [start, end) of the text being segmented.
type span struct{ start, end int }

// splitSentences cuts text into sentences the way the labeling guide's
// corpus was cut: every non-blank line stands on its own (headings, list
// items and table rows are sentences), and inside a line a sentence ends at
// . ! ? or … (with any closing quotes) before whitespace. Leading list
// markers and indentation are left outside the spans.
func splitSentences(text string, emit func(span)) {
	for lineStart := 0; lineStart < len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		splitLine(text, lineStart, lineEnd, emit)
		lineStart = lineEnd + 1
	}
}

func splitLine(text string, start, end int, emit func(span)) {
	start = skipListMarker(text, start, end)
	for start < end {
		for start < end && spaceAt(text, start) > 0 {
			start += spaceAt(text, start)
		}
		if start >= end {
			return
		}
		stop := sentenceEnd(text, start, end)
		e := trimRightSpace(text, start, stop)
		if e > start {
			emit(span{start, e})
		}
		start = stop
	}
}

// skipListMarker moves past indentation and a leading "- ", "* ", "+ ",
// "1. " or "1) " list marker, and past a Markdown heading's or quote's
// leading "#"s and ">"s.
func skipListMarker(text string, i, end int) int {
	for i < end && isSpaceByte(text[i]) {
		i++
	}
	j := i
	switch {
	case j < end && (text[j] == '-' || text[j] == '*' || text[j] == '+'):
		j++
	case j+2 < end && text[j:j+3] == "•":
		j += 3
	default:
		for j < end && text[j] >= '0' && text[j] <= '9' && j-i < 3 {
			j++
		}
		if j == i || j >= end || (text[j] != '.' && text[j] != ')') {
			return i
		}
		j++
	}
	if j < end && text[j] == ' ' {
		for j < end && isSpaceByte(text[j]) {
			j++
		}
		return j
	}
	return i
}

// sentenceEnd returns the offset just past the sentence that starts at
// start, within a line ending at end.
func sentenceEnd(text string, start, end int) int {
	for i := start; i < end; {
		if !mayEndSentence[text[i]] {
			i++ // the common case: a byte that starts no end mark
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:end])
		if r == '.' || r == '!' || r == '?' || r == '…' {
			j := i + n
			for j < end && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
				j++
			}
			for j < end {
				q, qn := utf8.DecodeRuneInString(text[j:end])
				if !isClosingQuote(q) {
					break
				}
				j += qn
			}
			if (j == end || spaceAt(text, j) > 0) && !(r == '.' && isAbbreviation(text[start:i])) {
				return j
			}
			i = j
			continue
		}
		i += n
	}
	return end
}

// mayEndSentence marks the bytes an end mark can start with: . ! ? and
// the first byte of "…" (0xE2). No other byte of a UTF-8 sequence is one of
// them, so the rest of any sequence can be skipped byte by byte.
var mayEndSentence = [256]bool{'.': true, '!': true, '?': true, 0xE2: true}

func isClosingQuote(r rune) bool {
	switch r {
	case '"', '\'', '’', '”', ')', ']', '»':
		return true
	}
	return false
}

// abbreviations that do not end a sentence when followed by a period.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"vs": true, "cf": true, "approx": true, "no": false, "st": true, "jr": true, "sr": true,
	"inc": false, "etc": false, "prof": true, "u.s": true, "fig": true,
}

// isAbbreviation tells whether the word just before a period is one that
// does not end a sentence (or a single initial such as "J." in "J. Smith").
func isAbbreviation(before string) bool {
	k := len(before)
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(before[:k])
		if !(unicode.IsLetter(r) || r == '.') {
			break
		}
		k -= n
	}
	w := before[k:]
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return true
	}
	return abbreviations[strings.ToLower(w)]
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f' || b == '\v'
}

// spaceAt returns the width of the white space (ASCII or no-break space)
// at text[i], or 0.
func spaceAt(text string, i int) int {
	if isSpaceByte(text[i]) {
		return 1
	}
	if strings.HasPrefix(text[i:], "\u00a0") {
		return 2
	}
	return 0
}

// trimRightSpace moves end back over white space, down to start at most.
func trimRightSpace(text string, start, end int) int {
	for end > start {
		switch {
		case isSpaceByte(text[end-1]):
			end--
		case end-2 >= start && text[end-2:end] == "\u00a0":
			end -= 2
		default:
			return end
		}
	}
	return end
}
