package lens

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/net/html"
)

// Format is the markup a document is written in.
type Format int

// The formats the lens reads.
const (
	PlainText Format = iota
	Markdown
	HTML
)

func (f Format) String() string {
	return [...]string{"text", "markdown", "html"}[f]
}

// DetectFormat guesses a document's format from its name and, failing
// that, from its first bytes.
func DetectFormat(name string, head []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown", ".mdx":
		return Markdown
	case ".html", ".htm", ".xhtml":
		return HTML
	}
	h := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if hasPrefixFold(h, "<!doctype html") || hasPrefixFold(h, "<html") {
		return HTML
	}
	return PlainText
}

// hasPrefixFold tells whether b starts with prefix, ignoring ASCII case.
func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// Mask returns the readable text of a document in the given format, byte
// for byte as long as the input: markup is overwritten with spaces (block
// boundaries with line breaks) and HTML character references with the
// character they stand for, padded with spaces. Offsets into the result are
// therefore offsets into the original file.
func Mask(f Format, b []byte) []byte {
	switch f {
	case Markdown:
		return maskMarkdown(b)
	case HTML:
		return maskHTML(b)
	}
	return b
}

// blockTags end a paragraph in HTML.
var blockTags = wordSet(`p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table
	section article header footer blockquote pre hr dt dd dl figcaption main nav aside title`)

// hiddenTags hold no readable text.
var hiddenTags = wordSet(`script style noscript template svg head`)

func maskHTML(b []byte) []byte {
	out := bytes.Repeat([]byte{' '}, len(b))
	z := html.NewTokenizer(bytes.NewReader(b))
	pos, hidden := 0, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				copy(out[pos:], b[pos:]) // not HTML after all: keep the rest
			}
			return out
		}
		raw := z.Raw()
		n := len(raw)
		switch tt {
		case html.TextToken:
			if hidden == 0 && n > 0 {
				text := z.Text()
				if len(text) > n {
					text = text[:n]
				}
				copy(out[pos:], text)
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			isHidden, isBlock := hiddenTags[string(name)], blockTags[string(name)]
			if isHidden && tt == html.StartTagToken {
				hidden++
			} else if isHidden && tt == html.EndTagToken && hidden > 0 {
				hidden--
			}
			if isBlock && n >= 2 {
				out[pos], out[pos+n-1] = '\n', '\n'
			}
		}
		pos += n
	}
}

func maskMarkdown(b []byte) []byte {
	out := bytes.Clone(b)
	lines := bytes.SplitAfter(out, []byte("\n"))
	inFence, inFront := false, false
	prose := make([]bool, len(lines)) // lines of running text, which soft breaks join
	item := make([]bool, len(lines))  // list items, which the next lines may continue
	cont := make([]bool, len(lines))  // lines that continue a list item
	for i, line := range lines {
		trimmed := bytes.TrimSpace(line)
		prose[i] = isProseLine(trimmed)
		item[i] = skipListMarker(string(trimmed), 0, len(trimmed)) > 0
		// Read before the line is masked: masking blanks a "* " marker,
		// after which a new item would look like the last one's
		// continuation.
		cont[i] = isListContinuation(line)
		switch {
		case i == 0 && bytes.Equal(trimmed, []byte("---")):
			inFront = true
			blank(line)
			continue
		case inFront:
			if bytes.Equal(trimmed, []byte("---")) {
				inFront = false
			}
			blank(line)
			continue
		case bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~")):
			inFence = !inFence
			blank(line)
			prose[i], item[i], cont[i] = false, false, false
			continue
		case inFence:
			blank(line)
			prose[i], item[i], cont[i] = false, false, false
			continue
		}
		maskMarkdownLine(line)
	}
	// A single line break inside a paragraph is a soft break in Markdown:
	// the sentence goes on. Turning it into a space keeps every offset.
	for i := 0; i+1 < len(lines); i++ {
		if (prose[i] || item[i]) && (prose[i+1] || cont[i+1]) && len(lines[i]) > 0 && lines[i][len(lines[i])-1] == '\n' {
			lines[i][len(lines[i])-1] = ' '
		}
	}
	return out
}

// isProseLine tells whether a Markdown line is running text that a soft
// break may continue: not blank, not a heading, quote, list item, table
// row, fence or rule.
func isProseLine(t []byte) bool {
	if len(t) == 0 {
		return false
	}
	switch t[0] {
	case '#', '>', '|', '-', '*', '+', '`', '~', '=', '<':
		return false
	}
	if i := bytes.IndexAny(t, ".)"); i > 0 && i <= 3 && isDigits(t[:i]) && len(t) > i+1 && t[i+1] == ' ' {
		return false // "1. item"
	}
	return true
}

// isListContinuation tells whether a line continues the previous list
// item's text (indented, not a new item).
func isListContinuation(line []byte) bool {
	return len(line) > 2 && (line[0] == ' ' || line[0] == '\t') && isProseLine(bytes.TrimSpace(line))
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// maskMarkdownLine blanks a line's heading and quote markers, emphasis,
// code spans, images, link targets, table pipes and inline HTML tags. What
// is left is the prose a reader reads: the text of a link stays, its
// target (a URL, a badge) goes; a code span is code, not prose.
func maskMarkdownLine(line []byte) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if isLinkDefinition(line[i:]) {
		blank(line) // "[ci-status]: https://…"
		return
	}
	for i < len(line) && (line[i] == '#' || line[i] == '>') {
		line[i] = ' '
		i++
	}
	for j := 0; j < len(line); j++ {
		switch line[j] {
		case '*', '|':
			line[j] = ' '
		case '`':
			j = maskCodeSpan(line, j) - 1
		case '_':
			if j == 0 || j+1 == len(line) || !isWordByte(line[j-1]) || !isWordByte(line[j+1]) {
				line[j] = ' '
			}
		case '!':
			if j+1 < len(line) && line[j+1] == '[' {
				if _, end := linkEnd(line, j+1); end > 0 {
					blank(line[j:end])
					j = end - 1
				}
			}
		case '[':
			if j+1 < len(line) && line[j+1] == '^' {
				// A footnote's mark, "[^1]", and where its text starts,
				// "[^1]:", are no prose.
				if close := bytes.IndexByte(line[j:], ']'); close > 0 {
					end := j + close + 1
					if end < len(line) && line[end] == ':' {
						end++
					}
					blank(line[j:end])
					j = end - 1
				}
				continue
			}
			// The text is read on from j+1, so an image inside it (a
			// badge: "[![build](badge.svg)](ci)") is blanked in turn.
			if close, end := linkEnd(line, j); end > 0 {
				line[j] = ' '
				blank(line[close:end])
			}
		case '<':
			if end := bytes.IndexByte(line[j:], '>'); end > 0 && j+1 < len(line) && (isLetterByte(line[j+1]) || line[j+1] == '/' || line[j+1] == '!') {
				blank(line[j : j+end+1])
				j += end
			}
		}
	}
}

// maskCodeSpan blanks the code span whose opening backticks start at
// line[start] and returns the offset just past it; a run of backticks
// that nothing closes on the line is blanked alone.
func maskCodeSpan(line []byte, start int) int {
	n := start
	for n < len(line) && line[n] == '`' {
		n++
	}
	ticks := line[start:n]
	for j := n; j < len(line); {
		k := bytes.Index(line[j:], ticks)
		if k < 0 {
			break
		}
		k += j
		e := k + len(ticks)
		if e < len(line) && line[e] == '`' { // a longer run closes nothing
			for e < len(line) && line[e] == '`' {
				e++
			}
			j = e
			continue
		}
		blank(line[start:e])
		return e
	}
	blank(ticks)
	return n
}

// isLinkDefinition tells whether a line defines a reference link:
// "[label]: target".
func isLinkDefinition(t []byte) bool {
	if len(t) < 4 || t[0] != '[' || t[1] == '^' {
		return false // "[^1]: …" is a footnote, which is text
	}
	close := bytes.IndexByte(t, ']')
	return close > 1 && close+1 < len(t) && t[close+1] == ':'
}

// linkEnd reads "[text](target)", "[text][label]" or "[text][]" starting
// at line[start]: close is the offset of the bracket that closes the text
// (brackets inside it nest), end the offset just past the target or
// label, or -1 when there is no link.
func linkEnd(line []byte, start int) (close, end int) {
	close = matching(line, start, '[', ']')
	if close < 0 || close+1 >= len(line) {
		return -1, -1
	}
	switch line[close+1] {
	case '(':
		if e := matching(line, close+1, '(', ')'); e > 0 {
			return close, e + 1
		}
	case '[':
		if e := bytes.IndexByte(line[close+1:], ']'); e > 0 {
			return close, close + 1 + e + 1
		}
	}
	return -1, -1
}

// matching returns the offset of the bracket that closes the one at
// line[open], or -1.
func matching(line []byte, open int, left, right byte) int {
	depth := 0
	for j := open; j < len(line); j++ {
		switch line[j] {
		case left:
			depth++
		case right:
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

func blank(b []byte) {
	for i := range b {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

func isWordByte(c byte) bool { return isLetterByte(c) || c >= '0' && c <= '9' || c >= 0x80 }

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
