package lens

import (
	"bytes"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Where a document's date was read from.
const (
	DateFromFrontMatter = "front matter"
	DateFromMeta        = "meta"
	DateFromLine        = "date line"
)

// DocumentDate reads the date a document was written from its first bytes:
// a Markdown front matter's date (YAML or TOML), an HTML page's
// publication meta tag or first <time datetime>, or else a date on one of
// its first lines ("by David Brock on October 1st, 2017"). It reports
// where the date came from, or ok false when there is none (the caller
// then falls back on the file's modification time).
func DocumentDate(f Format, head []byte) (date time.Time, from string, ok bool) {
	if f == HTML || f == PlainText && bytes.HasPrefix(bytes.TrimSpace(head), []byte("<")) {
		if d, ok := htmlDate(head); ok {
			return d, DateFromMeta, true
		}
	}
	body := head
	if fm, rest, ok := frontMatter(head); ok {
		if d, ok := frontMatterDate(fm); ok {
			return d, DateFromFrontMatter, true
		}
		body = rest
	}
	if f != HTML {
		if d, ok := leadingDate(body); ok {
			return d, DateFromLine, true
		}
	}
	return time.Time{}, "", false
}

// frontMatter splits off a "---" (YAML) or "+++" (TOML) block at the very
// start of a Markdown document.
func frontMatter(b []byte) (fm, rest []byte, ok bool) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for _, fence := range []string{"---", "+++"} {
		if !bytes.HasPrefix(b, []byte(fence+"\n")) && !bytes.HasPrefix(b, []byte(fence+"\r\n")) {
			continue
		}
		body := b[len(fence)+1:]
		end := bytes.Index(body, []byte("\n"+fence))
		if end < 0 {
			return nil, b, false
		}
		return body[:end], body[end+len(fence)+1:], true
	}
	return nil, b, false
}

// frontMatterKeys name a document's date, most telling first.
var frontMatterKeys = []string{"date", "published", "pubdate", "publishdate", "published_at", "created", "created_at", "lastmod", "updated"}

func frontMatterDate(fm []byte) (time.Time, bool) {
	values := map[string]string{}
	for _, line := range strings.Split(string(fm), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || strings.Contains(k, "=") {
			k, v, ok = strings.Cut(line, "=") // TOML
		}
		if !ok || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if _, seen := values[k]; !seen {
			values[k] = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	for _, k := range frontMatterKeys {
		if d, ok := parseDate(values[k]); ok {
			return d, true
		}
	}
	return time.Time{}, false
}

// metaDateNames are the meta tags (name, property or itemprop) that carry a
// page's publication date.
var metaDateNames = map[string]bool{"date": true, "article:published_time": true,
	"dcterms.date": true, "dc.date": true, "dcterms.created": true, "datepublished": true,
	"og:published_time": true, "publish-date": true, "pubdate": true, "citation_publication_date": true}

func htmlDate(head []byte) (time.Time, bool) {
	z := html.NewTokenizer(bytes.NewReader(head))
	var timeTag time.Time
	for {
		switch z.Next() {
		case html.ErrorToken:
			return timeTag, !timeTag.IsZero()
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			attrs := map[string]string{}
			for _, a := range t.Attr {
				attrs[strings.ToLower(a.Key)] = a.Val
			}
			switch t.Data {
			case "meta":
				for _, k := range []string{"name", "property", "itemprop"} {
					if metaDateNames[strings.ToLower(attrs[k])] {
						if d, ok := parseDate(attrs["content"]); ok {
							return d, true
						}
					}
				}
			case "time":
				if timeTag.IsZero() {
					timeTag, _ = parseDate(attrs["datetime"])
				}
			}
		}
	}
}

var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02 15:04:05 -0700", "2006-01-02 15:04", "2006-01-02", "2006/01/02",
	"January 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006", "Monday, January 2, 2006",
	time.RFC1123Z, time.RFC1123}

func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

var (
	months    = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?`
	isoDate   = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	monthDay  = regexp.MustCompile(`\b` + months + ` (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`)
	dayMonth  = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? ` + months + `,? (\d{4})\b`)
	monthYear = regexp.MustCompile(`^` + months + ` (\d{4})$`)
)

// leadingLines is how many of a document's first non-empty lines may carry
// its date line; a date further down is about something else.
const leadingLines = 4

// leadingDate finds a date on one of the first lines, when that line is
// short, as bylines and datelines are.
func leadingDate(b []byte) (time.Time, bool) {
	seen := 0
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if seen++; seen > leadingLines {
			break
		}
		if len(line) > 100 {
			continue
		}
		if d, ok := dateInLine(line); ok {
			return d, true
		}
	}
	return time.Time{}, false
}

func dateInLine(line string) (time.Time, bool) {
	if m := isoDate.FindString(line); m != "" {
		if d, err := time.Parse("2006-01-02", m); err == nil {
			return d, true
		}
	}
	if m := monthDay.FindStringSubmatch(line); m != nil {
		return parseParts(m[1], m[2], m[3])
	}
	if m := dayMonth.FindStringSubmatch(line); m != nil {
		return parseParts(m[2], m[1], m[3])
	}
	if m := monthYear.FindStringSubmatch(line); m != nil {
		return parseParts(m[1], "1", m[2])
	}
	return time.Time{}, false
}

func parseParts(month, day, year string) (time.Time, bool) {
	month = strings.TrimSuffix(month, ".")
	if len(month) > 3 {
		if d, err := time.Parse("January 2 2006", month+" "+day+" "+year); err == nil {
			return d, true
		}
		month = month[:3] // "Sept"
	}
	d, err := time.Parse("Jan 2 2006", month+" "+day+" "+year)
	return d, err == nil
}
