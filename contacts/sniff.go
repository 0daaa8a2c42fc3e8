// Package contacts reads the people an organization already has out of
// the files its other tools write — CSV exports of CRMs and address
// books, and (soon) vCards — into faces.Contact records, streaming, with
// each record's line for messages. Matching them to the people Faces
// knows and storing them is the ImportService's (package sqlstore).
package contacts

import (
	"bytes"
	"unicode/utf8"
)

// Formats a file can be in, told by its content.
const (
	FormatCSV       = "csv"
	FormatVCard     = "vcard"
	FormatICalendar = "icalendar"
)

// Sniff tells a file's format from its first bytes, whatever its name:
// a vCard or iCalendar file starts with its BEGIN line (after a
// byte-order mark and blank lines), anything else that is text is taken
// for CSV. It returns "" for what is not text.
func Sniff(head []byte) string {
	text := head
	switch {
	case bytes.HasPrefix(text, []byte{0xEF, 0xBB, 0xBF}):
		text = text[3:]
	case bytes.HasPrefix(text, []byte{0xFF, 0xFE}) || bytes.HasPrefix(text, []byte{0xFE, 0xFF}) ||
		len(text) >= 4 && (text[1] == 0 && text[3] == 0 || text[0] == 0 && text[2] == 0):
		text = utf16ToASCII(text)
	}
	text = bytes.TrimLeft(text, " \t\r\n")
	upper := bytes.ToUpper(text[:min(len(text), 20)])
	switch {
	case bytes.HasPrefix(upper, []byte("BEGIN:VCARD")):
		return FormatVCard
	case bytes.HasPrefix(upper, []byte("BEGIN:VCALENDAR")):
		return FormatICalendar
	case len(text) == 0, bytes.IndexByte(text[:min(len(text), 4096)], 0) >= 0:
		return ""
	case !utf8.Valid(text[:min(len(text), 1024)]) && !isLatin1Text(text[:min(len(text), 1024)]):
		return ""
	}
	return FormatCSV
}

// utf16ToASCII keeps the low bytes of UTF-16 text: enough to read a BEGIN
// line.
func utf16ToASCII(b []byte) []byte {
	var out []byte
	for _, c := range b {
		if c != 0 && c != 0xFF && c != 0xFE {
			out = append(out, c)
		}
	}
	return out
}

// isLatin1Text tells whether b looks like text in a single-byte encoding:
// no control characters but tabs and line breaks.
func isLatin1Text(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7F {
			return false
		}
	}
	return true
}
