package contacts

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

// ExportHeader is the header row of a CSV export: the column names Faces'
// own import (and most CRMs) recognize, then the ones only Faces reads
// back, then the id and the last change.
var ExportHeader = []string{"Name", "Pronouns", "Email", "Phone", "Address", "Website", "Tags", "Company", "Division", "Job Title", "Since", "Notes", "Faces ID", "Updated"}

// CSVWriter writes people as CSV rows (RFC 4180, UTF-8), several e-mails,
// phones, addresses, links or tags in one cell separated by "; ". A cell
// a spreadsheet would run as a formula — one starting with =, +, -, @, a
// tab or a carriage return — is written with an apostrophe first (OWASP's
// advice against CSV injection), which Faces' import takes off again.
type CSVWriter struct {
	w   *csv.Writer
	row []string
}

// NewCSVWriter writes the header row to w; Flush when done.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	cw := &CSVWriter{w: csv.NewWriter(w)}
	if err := cw.w.Write(ExportHeader); err != nil {
		return nil, err
	}
	return cw, nil
}

// Write writes one person's row.
func (cw *CSVWriter) Write(r *faces.PersonRecord) error {
	p := r.Person
	company, division, title, since := "", "", "", ""
	if c := p.Current; c != nil {
		company, division, title, since = c.CompanyName, c.Division, c.Title, c.From.Format(time.DateOnly)
	}
	addresses := make([]string, len(p.Addresses))
	for i, a := range p.Addresses {
		addresses[i] = strings.ReplaceAll(a, ";", ",")
	}
	cw.row = append(cw.row[:0], p.Name, p.Pronouns, strings.Join(p.Emails, "; "), strings.Join(p.Phones, "; "),
		strings.Join(addresses, "; "), strings.Join(p.Links, "; "), strings.Join(p.Tags, "; "),
		company, division, title, since, p.Notes, strconv.FormatInt(p.ID, 10), p.UpdatedAt.UTC().Format(time.RFC3339))
	for i, v := range cw.row {
		cw.row[i] = guard(v)
	}
	return cw.w.Write(cw.row)
}

// Flush writes out what is buffered.
func (cw *CSVWriter) Flush() error {
	cw.w.Flush()
	return cw.w.Error()
}

// formulaStart tells whether a spreadsheet would take a cell starting
// with c for a formula.
func formulaStart(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}

// guard puts an apostrophe before a cell that would start a formula.
func guard(v string) string {
	if v != "" && formulaStart(v[0]) {
		return "'" + v
	}
	return v
}

// unguard takes off the apostrophe guard put there.
func unguard(v string) string {
	if len(v) > 1 && v[0] == '\'' && formulaStart(v[1]) {
		return v[1:]
	}
	return v
}
