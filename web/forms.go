package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/faces-org/faces"
)

// idParam reads the {id} of a route.
// routeRecord loads the record the route's {id} names with find, or
// answers with the error (not found, a database that cannot be reached).
func routeRecord[T any](s *Server, w http.ResponseWriter, r *http.Request, find func(context.Context, int64) (T, error)) (T, bool) {
	id, err := idParam(r)
	if err == nil {
		var rec T
		if rec, err = find(r.Context(), id); err == nil {
			return rec, true
		}
	}
	s.renderError(w, r, err)
	var zero T
	return zero, false
}

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
