package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/faces.css
var css []byte

//go:embed static/pickers.js
var pickersJS []byte

// cssName and jsName are the stylesheet's and the script's content-hashed
// file names, so that they can be cached forever and still change with
// each release.
var cssName, jsName = hashedName("faces", ".css", css), hashedName("pickers", ".js", pickersJS)

func hashedName(base, ext string, b []byte) string {
	sum := sha256.Sum256(b)
	return base + "." + hex.EncodeToString(sum[:4]) + ext
}

// pages are the templates, each rendered inside layout.html.
var pages = []string{"me", "signin", "search", "story_form", "tokens", "accounts", "account_form", "changes", "people", "person", "person_form", "person_move", "companies", "company", "company_form", "audit", "error", "confirm", "trash", "position_form"}

type views struct{ pages map[string]*template.Template }

// mustParseViews parses every page at start-up, so a missing or broken
// template stops the server before it serves anything.
func mustParseViews() *views {
	funcs := template.FuncMap{
		"css":      func() string { return "/static/" + cssName },
		"js":       func() string { return "/static/" + jsName },
		"initials": initials,
		"hue":      hue,
		"day":      func(t time.Time) string { return t.Format("2 Jan 2006") },
		"when":     func(t time.Time) string { return t.Format("2 Jan 2006 15:04") },
		"join":     strings.Join,
		"lines":    func(l []string) string { return strings.Join(l, "\n") },
		"split":    strings.Fields,
		"maxlen":   faces.Limit,
		"count":    faces.CountText,
		// facePerson builds what the "face" template needs from parts.
		"facePerson": func(name, hash string) *faces.Person { return &faces.Person{Name: name, PhotoHash: hash} },
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, p := range pages {
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+p+".html"))
		v.pages[p] = t
	}
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
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	if p.User == nil {
		p.User = userFrom(r.Context())
	}
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
}

// statusOf is the HTTP status of an error: 500 for any but the
// application's own.
func statusOf(err error) int {
	if status, ok := statuses[faces.ErrorCode(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// renderError shows an error page; an internal error's details go to the
// log, not to the page.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Data: faces.ErrorMessage(err)})
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	var body []byte
	switch r.PathValue("file") {
	case cssName:
		body = css
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case jsName:
		body = pickersJS
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(body)
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
	return fmt.Sprint(int(sum[0]) % 12)
}
