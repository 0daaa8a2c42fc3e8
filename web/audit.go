package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/faces-org/faces"
)

// auditRow is an audit entry as the page shows it.
type auditRow struct {
	*faces.AuditEntry
	Actor         string
	Changes       []string // what changed, field by field
	Before, After string   // the raw records, for the curious
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := faces.AuditFilter{Entity: q.Get("entity"), Action: q.Get("action"), Limit: pageSize}
	var err1, err2 error
	f.EntityID, err1 = queryID(r, "id")
	f.ActorID, err2 = queryID(r, "actor")
	if err := firstErr(err1, err2); err != nil {
		s.renderError(w, r, err)
		return
	}
	after, err := faces.ParseCursor(q.Get("after"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if after != nil {
		f.Before = after.ID
	}
	entries, total, err := s.store.FindAuditEntries(ctx, f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	users, err := s.store.FindUsers(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	names := map[int64]string{0: "system"}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i] = auditRow{AuditEntry: e, Actor: names[e.ActorID], Changes: describeChange(e), Before: pretty(e.Before), After: pretty(e.After)}
	}
	keep := url.Values{}
	for _, k := range []string{"entity", "id", "actor", "action"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	var next *faces.Cursor
	if len(entries) == pageSize {
		next = &faces.Cursor{ID: entries[len(entries)-1].ID}
	}
	s.render(w, r, http.StatusOK, "audit", page{Title: "Audit trail", Form: map[string]string{"entity": f.Entity, "actor": q.Get("actor"), "action": f.Action},
		Data: map[string]any{"Rows": rows, "Users": users, "Pager": newCursorPager(keep, q.Get("after"), next, total)}})
}

func pretty(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if json.Indent(&buf, raw, "", "  ") != nil {
		return string(raw)
	}
	return buf.String()
}
