package web

import (
	"net/http"

	"github.com/faces-org/faces"
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
