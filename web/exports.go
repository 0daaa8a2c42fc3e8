package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/faces-org/faces"
	subjectaccess "github.com/faces-org/faces/access"
	"github.com/faces-org/faces/contacts"
)

// ActionExport is the audit trail's word for a bulk export of people.
const ActionExport = "export"

// peopleExport downloads everyone, as CSV or vCard (administrators only:
// it is all the personal data Faces holds about people), streamed a page
// at a time; the export is audited with its format and size.
func (s *Server) peopleExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.exportPeople(w, r, format) }
}

func (s *Server) exportPeople(w http.ResponseWriter, r *http.Request, format string) {
	var out interface {
		Write(*faces.PersonRecord) error
		Flush() error
	}
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		cw, err := contacts.NewCSVWriter(w)
		if err != nil {
			return
		}
		out = cw
	case "vcf":
		w.Header().Set("Content-Type", "text/vcard; charset=utf-8")
		out = contacts.NewVCardWriter(w)
	default:
		panic("no export as " + format)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="faces-people.`+format+`"`)
	n := 0
	err := s.store.EachPersonRecord(r.Context(), faces.RecordFilter{Photos: format == "vcf"}, func(rec *faces.PersonRecord) error {
		n++
		return out.Write(rec)
	})
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		// The answer has started: all that can be done is to cut it
		// short, so the download shows as failed, and say why in the log.
		s.log.Error("export", "format", format, "after", n, "err", err)
		panic(http.ErrAbortHandler)
	}
	if err := s.store.RecordEvent(r.Context(), ActionExport, "people", 0, map[string]any{"format": format, "people": n}); err != nil {
		s.log.Error("export audit", "err", err)
	}
}

// personSubjectAccess downloads everything Faces holds about a person, as
// the archive of a subject access request (administrators only; audited).
func (s *Server) personSubjectAccess(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rec, err := subjectaccess.Collect(r.Context(), s.store, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var archive bytes.Buffer
	if err := subjectaccess.Write(&archive, rec); err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.store.RecordEvent(r.Context(), ActionExport, "person", id, map[string]string{"what": "subject access"}); err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="subject-access-%d.zip"`, id))
	w.Write(archive.Bytes())
}
