package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// asset is a static file served under a content-hashed name, so that it
// can be cached forever and still change with each release.
type asset struct {
	body        []byte
	contentType string
}

// assets are the static files by hashed name, and hashedNames the hashed
// name of each file ("faces.css" → "faces.1a2b3c4d.css").
var assets, hashedNames = loadAssets()

func loadAssets() (map[string]asset, map[string]string) {
	byHashed, names := map[string]asset{}, map[string]string{}
	entries, _ := staticFS.ReadDir("static")
	for _, e := range entries {
		body, _ := staticFS.ReadFile("static/" + e.Name())
		base, ext, _ := strings.Cut(e.Name(), ".")
		contentType := "text/css; charset=utf-8"
		if ext == "js" {
			contentType = "text/javascript; charset=utf-8"
		}
		hashed := hashedName(base, "."+ext, body)
		byHashed[hashed], names[e.Name()] = asset{body, contentType}, hashed
	}
	return byHashed, names
}

var cssName, jsName = hashedNames["faces.css"], hashedNames["pickers.js"]

func hashedName(base, ext string, b []byte) string {
	sum := sha256.Sum256(b)
	return base + "." + hex.EncodeToString(sum[:4]) + ext
}

// pages are the templates, each rendered inside layout.html.
var pages = []string{"me", "signin", "search", "story_form", "tokens", "accounts", "account_form", "changes", "people", "person", "person_form", "person_move", "companies", "company", "company_form", "audit", "error", "confirm", "trash", "position_form", "screens", "screen_admin", "wall", "wall_print", "visits", "visit_form", "visit", "visit_dashboard", "themes", "theme", "wishes", "notifications", "guides", "visit_guide", "import_new", "import", "duplicates", "openers", "review_form", "review", "events", "event_form", "event", "guest_list", "guest_list_added", "prep", "debrief", "story_check", "focus"}

type views struct {
	pages map[string]*template.Template
	// screen is the display page of screens: a page of its own, without
	// the staff layout.
	screen *template.Template
}

// mustParseViews parses every page at start-up, so a missing or broken
// template stops the server before it serves anything.
func mustParseViews() *views {
	funcs := template.FuncMap{
		"css":   func() string { return "/static/" + cssName },
		"js":    func() string { return "/static/" + jsName },
		"asset": func(name string) string { return "/static/" + hashedNames[name] },
		// here marks the top bar's link to the section the page is in.
		"here": func(p page, section string) template.HTMLAttr {
			if p.Section == section {
				return ` aria-current="page"`
			}
			return ""
		},
		// in tells whether the page is in one of the sections (a menu's).
		"in":       func(p page, sections ...string) bool { return slices.Contains(sections, p.Section) },
		"initials": initials,
		"hue":      hue,
		"day":      func(t time.Time) string { return t.Format("2 Jan 2006") },
		"when":     func(t time.Time) string { return t.Format("2 Jan 2006 15:04") },
		"join":     strings.Join,
		"lines":    func(l []string) string { return strings.Join(l, "\n") },
		"split":    strings.Fields,
		"maxlen":   faces.Limit,
		"count":    faces.CountText,
		"add":      func(a, b int) int { return a + b },
		"clip":     faces.Clip,
		"pct":      func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		// width is a share as a CSS percentage, for bars.
		"stack":    stackOf,
		"kindName": faces.WritingKindName,
		// facePerson builds what the "face" template needs from parts.
		"facePerson": func(name, hash string) *faces.Person { return &faces.Person{Name: name, PhotoHash: hash} },
		// args passes several values to a template: args "Page" $ "Person" 3.
		"args": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, p := range pages {
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+p+".html"))
		v.pages[p] = t
	}
	v.screen = template.Must(template.New("screen.html").Funcs(funcs).ParseFS(templateFS, "templates/screen.html"))
	return v
}

// page is what every template receives.
type page struct {
	Title string
	User  *faces.User
	Data  any
	// Form carries what was typed and what is wrong with it.
	Form   map[string]string
	Errors map[string]string
	Flash  string
	// Unread counts the staff member's unread notifications, for the
	// badge in the header.
	Unread int
	// Refresh, when set, reloads the page after that many seconds (a run
	// under way, shown as it goes).
	Refresh int
	// Section is the first part of the page's path ("people" for
	// /people/12), which the top bar marks as where the user is.
	Section string
}

// sectionOf is the first segment of a path.
func sectionOf(path string) string {
	section, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return section
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	if p.User == nil {
		p.User = userFrom(r.Context())
	}
	if p.User != nil {
		p.Unread, _ = s.store.UnreadCount(r.Context(), p.User.ID) // a badge, not worth failing a page for
	}
	p.Section = sectionOf(r.URL.Path)
	var buf bytes.Buffer
	if err := s.views.pages[name].Execute(&buf, p); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// statuses map application error codes to HTTP statuses, in one place.
var statuses = map[string]int{
	faces.EINVALID:      http.StatusUnprocessableEntity,
	faces.ENOTFOUND:     http.StatusNotFound,
	faces.ECONFLICT:     http.StatusConflict,
	faces.EUNAUTHORIZED: http.StatusUnauthorized,
	faces.EFORBIDDEN:    http.StatusForbidden,
	faces.EUNAVAILABLE:  http.StatusServiceUnavailable,
	faces.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	faces.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	faces.EMETHOD:       http.StatusMethodNotAllowed,
	faces.ETOOMANY:      http.StatusTooManyRequests,
}

// statusOf is the HTTP status of an error: 500 for any but the
// application's own.
func statusOf(err error) int {
	if status, ok := statuses[faces.ErrorCode(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// clientGone tells whether err only says that the client went away
// before the answer was ready (a closed tab, a load generator stopping):
// nobody reads the answer, and it is no error of the server's.
func clientGone(r *http.Request, err error) bool {
	return errors.Is(err, context.Canceled) && r.Context().Err() != nil
}

// renderError shows an error page; an internal error's details go to the
// log, not to the page.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError && !clientGone(r, err) {
		s.log.Error("request", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Data: faces.ErrorMessage(err)})
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(a.body)
}

// initials of a name, for the portrait placeholder: "Jill Okafor" → "JO".
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		out = append(out, []rune(strings.ToUpper(w))[0])
		if len(out) == 2 {
			break
		}
	}
	return string(out)
}

// hue gives each name one of twelve stable colors for its placeholder
// (classes, not inline styles, which the content security policy forbids).
func hue(name string) string {
	sum := sha256.Sum256([]byte(name))
	return strconv.Itoa(int(sum[0]) % 12)
}
