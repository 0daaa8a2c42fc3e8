package lens

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the document as encoding/json writes it (with HTML
// left unescaped, as `faces lens --json` prints it). A folder of many
// small files spends a tenth of its time in encoding/json's reflection
// otherwise.
func (d *Document) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	if d.Path != "" {
		b = append(b, `"path":`...)
		b = appendJSONString(b, d.Path)
		b = append(b, ',')
	}
	b = append(b, `"bytes":`...)
	b = strconv.AppendInt(b, d.Bytes, 10)
	b = append(b, `,"mentions":`...)
	b = appendJSONList(b, d.Mentions, Mention.appendJSON)
	b = append(b, `,"sentences":`...)
	b = appendJSONList(b, d.Sentences, Sentence.appendJSON)
	b = append(b, `,"counts":`...)
	b = d.Counts.appendJSON(b)
	b = append(b, `,"customer_free":`...)
	b = strconv.AppendBool(b, d.CustomerFree)
	b = append(b, `,"us_share":`...)
	b = appendJSONFloat(b, d.UsShare)
	return append(b, '}')
}

func (m Mention) appendJSON(b []byte) []byte {
	b = appendJSONSpan(b, m.Start, m.End)
	b = append(b, `,"level":"`...)
	b = append(b, m.Level.String()...)
	b = append(b, `","text":`...)
	b = appendJSONString(b, m.Text)
	return append(b, '}')
}

func (s Sentence) appendJSON(b []byte) []byte {
	b = appendJSONSpan(b, s.Start, s.End)
	b = append(b, `,"levels":`...)
	b = s.Levels.appendJSON(b)
	if s.Us {
		b = append(b, `,"us":true`...)
	}
	return append(b, '}')
}

// appendJSONSpan opens an object with its start and end offsets.
func appendJSONSpan(b []byte, start, end int) []byte {
	b = append(b, `{"start":`...)
	b = strconv.AppendInt(b, int64(start), 10)
	b = append(b, `,"end":`...)
	return strconv.AppendInt(b, int64(end), 10)
}

// appendJSONList writes a slice as encoding/json does: null when nil.
func appendJSONList[T any](b []byte, items []T, item func(T, []byte) []byte) []byte {
	if items == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(it, b)
	}
	return append(b, ']')
}

// appendJSON writes the set as a list of level names.
func (s LevelSet) appendJSON(b []byte) []byte {
	sep := byte('[')
	for _, l := range Levels {
		if s.Has(l) {
			b = append(append(append(b, sep, '"'), l.String()...), '"')
			sep = ','
		}
	}
	if sep == '[' {
		b = append(b, '[')
	}
	return append(b, ']')
}

// appendJSON writes counts as {"market": n, "enterprise": n, …}.
func (c Counts) appendJSON(b []byte) []byte {
	sep := byte('{')
	for _, l := range Levels {
		b = append(append(append(b, sep, '"'), l.String()...), `":`...)
		b = strconv.AppendInt(b, int64(c[l]), 10)
		sep = ','
	}
	return append(b, '}')
}

// appendJSONString quotes s as encoding/json does with HTML escaping off:
// invalid UTF-8 becomes U+FFFD, and U+2028 and U+2029 are escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONFloat writes a float64 as encoding/json does.
func appendJSONFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...) // encoding/json refuses these; a share is never one
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
