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
	h := bytes.ToLower(bytes.TrimSpace(head[:min(len(head), 512)]))
	if bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html")) {
		return HTML
	}
	return PlainText
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
	for i, line := range lines {
		trimmed := bytes.TrimSpace(line)
		prose[i] = isProseLine(trimmed)
		item[i] = skipListMarker(string(trimmed), 0, len(trimmed)) > 0
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
			prose[i], item[i] = false, false
			continue
		case inFence:
			blank(line)
			prose[i], item[i] = false, false
			continue
		}
		maskMarkdownLine(line)
	}
	// A single line break inside a paragraph is a soft break in Markdown:
	// the sentence goes on. Turning it into a space keeps every offset.
	for i := 0; i+1 < len(lines); i++ {
		if (prose[i] || item[i]) && (prose[i+1] || isListContinuation(lines[i+1])) && len(lines[i]) > 0 && lines[i][len(lines[i])-1] == '\n' {
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
// code ticks, images, link targets, table pipes and inline HTML tags.
func maskMarkdownLine(line []byte) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	for i < len(line) && (line[i] == '#' || line[i] == '>') {
		line[i] = ' '
		i++
	}
	for j := 0; j < len(line); j++ {
		switch line[j] {
		case '*', '`', '|':
			line[j] = ' '
		case '_':
			if j == 0 || j+1 == len(line) || !isWordByte(line[j-1]) || !isWordByte(line[j+1]) {
				line[j] = ' '
			}
		case '!':
			if j+1 < len(line) && line[j+1] == '[' {
				if end := linkEnd(line, j+1); end > 0 {
					blank(line[j:end])
					j = end - 1
				}
			}
		case '[':
			if end := linkEnd(line, j); end > 0 {
				close := bytes.IndexByte(line[j:end], ']') + j
				line[j] = ' '
				blank(line[close:end])
				j = close
			}
		case '<':
			if end := bytes.IndexByte(line[j:], '>'); end > 0 && j+1 < len(line) && (isLetterByte(line[j+1]) || line[j+1] == '/' || line[j+1] == '!') {
				blank(line[j : j+end+1])
				j += end
			}
		}
	}
}

// linkEnd returns the offset just past "[text](target)" starting at
// line[start], or -1.
func linkEnd(line []byte, start int) int {
	close := bytes.IndexByte(line[start:], ']')
	if close < 0 {
		return -1
	}
	close += start
	if close+1 >= len(line) || line[close+1] != '(' {
		return -1
	}
	paren := bytes.IndexByte(line[close:], ')')
	if paren < 0 {
		return -1
	}
	return close + paren + 1
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
