package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/faces-org/faces"
)

// The JSON API (/api/v1/…) does what the pages do, for scripts. Clients
// authenticate with "Authorization: Bearer TOKEN" (or a signed-in browser
// session); errors are problem documents (RFC 9457).

// maxJSONBody bounds a request body.
const maxJSONBody = 1 << 20

// problem is an RFC 9457 problem document.
type problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail,omitempty"`
	Errors map[string]string `json:"errors,omitempty"` // field → what is wrong
}

// problemTypes name the kinds of problem beyond the HTTP status.
var problemTypes = map[string]string{
	faces.EINVALID:  "urn:faces:problem:invalid-input",
	faces.ECONFLICT: "urn:faces:problem:conflict",
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError && !clientGone(r, err) {
		s.log.Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: faces.ErrorMessage(err)}
	if t, ok := problemTypes[faces.ErrorCode(err)]; ok {
		p.Type = t
	}
	var fe *faces.Error
	if errors.As(err, &fe) {
		p.Errors = fe.Fields
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="faces"`)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// readJSON decodes a request body into v, refusing unknown fields, bodies
// over maxJSONBody and trailing data, with a message that says which.
// Invalid UTF-8 is refused rather than replaced, so what is stored is
// what was sent.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return faces.Errorf(faces.EUNSUPPORTED, "Send the body as application/json.")
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return faces.Errorf(faces.ETOOLARGE, "The body is larger than %d bytes.", maxJSONBody)
	case err != nil:
		return faces.Errorf(faces.EINVALID, "The body could not be read.")
	case !utf8.Valid(body):
		return faces.Errorf(faces.EINVALID, "The body is not valid UTF-8.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return faces.Errorf(faces.EINVALID, "The body is not valid JSON (at byte %d).", syntax.Offset)
		case errors.As(err, &typ):
			return &faces.Error{Code: faces.EINVALID, Message: "A field has the wrong type.", Fields: map[string]string{typ.Field: "Expected " + typ.Type.String() + "."}}
		case errors.Is(err, io.ErrUnexpectedEOF):
			return faces.Errorf(faces.EINVALID, "The body is not valid JSON (it ends too soon).")
		case errors.Is(err, io.EOF):
			return faces.Errorf(faces.EINVALID, "The body is empty.")
		}
		return faces.Errorf(faces.EINVALID, "The body could not be read: %s.", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return faces.Errorf(faces.EINVALID, "The body holds more than one JSON value.")
	}
	return nil
}

// apiGuard authenticates an API request by bearer token or session and
// checks the role.
func (s *Server) apiGuard(allowed func(faces.Role) bool, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u *faces.User
		var err error
		if auth := r.Header.Get("Authorization"); auth != "" {
			secret, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				s.apiError(w, r, faces.Errorf(faces.EUNAUTHORIZED, "Use \"Authorization: Bearer TOKEN\"."))
				return
			}
			if u, err = s.store.UserByAPIToken(r.Context(), strings.TrimSpace(secret)); err != nil {
				s.apiError(w, r, err)
				return
			}
		} else if u, err = s.authenticate(r); err != nil {
			s.apiError(w, r, err)
			return
		} else if u == nil {
			s.apiError(w, r, faces.Errorf(faces.EUNAUTHORIZED, "Send an API token: \"Authorization: Bearer TOKEN\"."))
			return
		}
		r, err = admit(r, u, allowed)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		h(w, r)
	})
}

func (s *Server) apiStaff(h http.HandlerFunc) http.Handler {
	return s.apiGuard(func(faces.Role) bool { return true }, h)
}
func (s *Server) apiEditor(h http.HandlerFunc) http.Handler { return s.apiGuard(faces.Role.CanEdit, h) }
func (s *Server) apiAdmin(h http.HandlerFunc) http.Handler {
	return s.apiGuard(faces.Role.CanAdminister, h)
}

// list is a page of results. Total counts the matches up to
// faces.CountCap; past it, total is CountCap and total_capped is true.
// Next, when set, is the cursor of the following page (?after=).
type list[T any] struct {
	Items       []T    `json:"items"`
	Total       int    `json:"total"`
	TotalCapped bool   `json:"total_capped,omitempty"`
	Offset      int    `json:"offset"`
	Limit       int    `json:"limit"`
	Next        string `json:"next,omitempty"`
}

// newList starts a page of results with its capped total.
func newList[T any](total, offset, limit int) list[T] {
	return list[T]{Items: []T{}, Total: min(total, faces.CountCap), TotalCapped: total > faces.CountCap, Offset: offset, Limit: limit}
}

// paging reads ?limit= and ?offset=.
func paging(r *http.Request) (limit, offset int, err error) {
	q := r.URL.Query()
	limit, offset = faces.DefaultLimit, 0
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 500 {
			return 0, 0, &faces.Error{Code: faces.EINVALID, Message: "Bad paging.", Fields: map[string]string{"limit": "A number from 1 to 500."}}
		}
	}
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 || offset > faces.CountCap {
			return 0, 0, &faces.Error{Code: faces.EINVALID, Message: "Bad paging.",
				Fields: map[string]string{"offset": fmt.Sprintf("A number from 0 to %d; page further with ?after=, the next cursor of each page.", faces.CountCap)}}
		}
	}
	return limit, offset, nil
}

// apiID reads a record id from the path; one that is not a positive whole
// number names no record, and the answer says of what kind.
func apiID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, faces.Errorf(faces.ENOTFOUND, "No such %s.", recordOf(r.Pattern, name))
	}
	return id, nil
}

// recordNames are what the path segment before an id names.
var recordNames = map[string]string{"people": "person", "companies": "company", "users": "account",
	"relationships": "relationship", "buying-roles": "buying role", "consents": "consent", "tokens": "token",
	"positions": "position", "planned-moves": "planned move", "trash": "trash item", "events": "event", "guests": "guest"}

// recordOf tells what kind of record the {name} in a route pattern is:
// "/api/v1/people/{id}/consents/{cid}" → "consent" for "cid".
func recordOf(pattern, name string) string {
	before, _, ok := strings.Cut(pattern, "/{"+name+"}")
	if !ok {
		return "record"
	}
	if n, ok := recordNames[before[strings.LastIndex(before, "/")+1:]]; ok {
		return n
	}
	return "record"
}

// queryID reads an optional record id from the query: absent is 0,
// anything but a positive whole number is invalid (a filter that cannot be
// read must not select everything).
func queryID(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, &faces.Error{Code: faces.EINVALID, Message: "A filter cannot be read.", Fields: map[string]string{name: "A record id: a whole number from 1."}}
	}
	return id, nil
}

// queryBool reads an optional true/false from the query.
func queryBool(r *http.Request, name string) (bool, error) {
	switch r.URL.Query().Get(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, &faces.Error{Code: faces.EINVALID, Message: "A filter cannot be read.", Fields: map[string]string{name: "true or false."}}
}

func location(w http.ResponseWriter, format string, args ...any) {
	w.Header().Set("Location", fmt.Sprintf(format, args...))
}
