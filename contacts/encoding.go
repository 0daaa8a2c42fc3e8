package contacts

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a file is looked at to tell its encoding and
// format.
const sniffSize = 64 << 10

// decode returns the file as UTF-8 and the name of the encoding it was
// in: UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order mark
// or without one (Outlook writes both), or, when the first 64 KB are not
// UTF-8, Windows-1252 (Latin-1 as Windows writes it).
func decode(r io.Reader) (*bufio.Reader, string) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		return br, "UTF-8"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return bufio.NewReader(transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())), "UTF-16"
	case len(head) >= 4 && head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0:
		return bufio.NewReader(transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())), "UTF-16LE"
	case len(head) >= 4 && head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0:
		return bufio.NewReader(transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())), "UTF-16BE"
	case !validPrefix(head):
		return bufio.NewReader(transform.NewReader(br, charmap.Windows1252.NewDecoder())), "Windows-1252"
	}
	return br, "UTF-8"
}

// validPrefix tells whether b is UTF-8, but for a character cut at its end.
func validPrefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		if r, _ := utf8.DecodeLastRune(b); r != utf8.RuneError {
			return false
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// ErrLineTooLong: a line (or a quoted field) longer than MaxLineBytes.
var ErrLineTooLong = errors.New("a line is longer than 1 MB")

// MaxLineBytes bounds a line, or a record across lines, so that a file
// without line breaks cannot fill the memory.
const MaxLineBytes = 1 << 20

// lineLimiter fails a read once more than MaxLineBytes have passed since
// the last reset (each record resets it) without a line break, or since
// the last reset at all for records with line breaks inside quotes, four
// times as long.
type lineLimiter struct {
	r              io.Reader
	sinceBreak     int
	sinceReset     int
	recordMaxBytes int
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		l.sinceBreak++
		if c == '\n' {
			l.sinceBreak = 0
		}
		if l.sinceBreak > MaxLineBytes {
			return 0, ErrLineTooLong
		}
	}
	l.sinceReset += n
	if l.sinceReset > l.recordMaxBytes {
		return 0, ErrLineTooLong
	}
	return n, err
}

func (l *lineLimiter) reset() { l.sinceReset = 0 }
