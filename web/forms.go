package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/faces-org/faces"
)

// idParam reads the {id} of a route.
func idParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, faces.Errorf(faces.ENOTFOUND, "Not found.")
	}
	return id, nil
}

// splitLines reads a textarea of one entry per line.
func splitLines(s string) []string { return strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") }

// splitCommas reads a comma-separated field.
func splitCommas(s string) []string { return strings.Split(s, ",") }

// formOf keeps what was typed, to show it again with the errors.
func formOf(r *http.Request, fields ...string) map[string]string {
	m := map[string]string{}
	for _, f := range fields {
		m[f] = r.PostFormValue(f)
	}
	return m
}

// fieldErrors returns the per-field messages of an invalid-input error,
// or nil for any other error.
func fieldErrors(err error) map[string]string {
	var fe *faces.Error
	if errors.As(err, &fe) && (fe.Code == faces.EINVALID || fe.Code == faces.ECONFLICT) && len(fe.Fields) > 0 {
		return fe.Fields
	}
	return nil
}

// pageOf reads ?page=N (1-based).
func pageOf(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// pager is what a list template needs to link pages.
type pager struct {
	Page, Pages, Total int
	PrevURL, NextURL   string // "" when there is no such page
}

// newPager links the pages of a list; query holds the other parameters
// to keep (already encoded).
func newPager(page, total, size int, query string) pager {
	p := pager{Page: page, Pages: max(1, (total+size-1)/size), Total: total}
	link := func(n int) string {
		if query != "" {
			return fmt.Sprintf("?%s&page=%d", query, n)
		}
		return fmt.Sprintf("?page=%d", n)
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page < p.Pages {
		p.NextURL = link(page + 1)
	}
	return p
}

// cursorPager links a list paged by cursor: to its first page and to the
// page after the last record shown.
type cursorPager struct {
	Total    string // how many match: "1,234", or "10,000+"
	FirstURL string // "" on the first page
	NextURL  string // "" on the last page
}

// newCursorPager links the pages of a list; keep holds the parameters to
// keep (filters, order), next the cursor after the page's last record (nil
// when the page is the last).
func newCursorPager(keep url.Values, after string, next *faces.Cursor, total int) cursorPager {
	p := cursorPager{Total: faces.CountText(total)}
	link := func(extra url.Values) string {
		q := url.Values{}
		for k, v := range keep {
			q[k] = v
		}
		for k, v := range extra {
			q[k] = v
		}
		if len(q) == 0 {
			return "?"
		}
		return "?" + q.Encode()
	}
	if after != "" {
		p.FirstURL = link(nil)
	}
	if next != nil {
		p.NextURL = link(url.Values{"after": {next.String()}})
	}
	return p
}
