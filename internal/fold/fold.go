// Package fold folds the long lines of vCard and iCalendar text at 75
// octets (RFC 6350 and RFC 5545, section 3.2 and 3.1), which the
// libraries Faces writes them with leave to their caller.
package fold

import (
	"io"
	"unicode/utf8"
)

// Writer folds the lines written through it: a line longer than 75
// octets goes on in the next, which starts with a space. It never cuts
// inside a character.
type Writer struct {
	w      io.Writer
	column int
}

// NewWriter folds what it writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

func (f *Writer) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p)+len(p)/37)
	for _, b := range p {
		switch {
		case b == '\r' || b == '\n':
			f.column = 0
		case f.column >= 75 && utf8.RuneStart(b):
			out = append(out, '\r', '\n', ' ')
			f.column = 1
		}
		out = append(out, b)
		if b != '\r' && b != '\n' {
			f.column++
		}
	}
	if _, err := f.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
