// Package htmlreport writes the lens's findings over a corpus as one
// self-contained HTML page a leader can read: the corpus summary with
// charts, a table of documents, and each document with its customer
// references highlighted by level. Documents are spooled to temporary files
// as they are added, so memory stays flat however many there are.
package htmlreport

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/faces-org/faces/lens"
)

// maxShownBytes bounds the text shown for one document.
const maxShownBytes = 200 << 10

//go:embed report.html
var pageSource string

// page is parsed when a report is first written, not when any faces
// command starts.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"pct":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"pct1":  func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
		"width": func(f float64) string { return fmt.Sprintf("%.1f", f*100) },
	}).Parse(pageSource))
})

// Writer collects documents for one report.
type Writer struct {
	// ReadBy says what read the documents ("the rules and the model Faces
	// ships"), shown under the title; empty shows nothing.
	ReadBy string

	dir            string
	rows, sections *os.File
	rowsW, secW    *bufio.Writer
	n              int
}

// NewWriter starts a report, spooling to a new temporary folder.
func NewWriter() (*Writer, error) {
	dir, err := os.MkdirTemp("", "faces-lens-report-")
	if err != nil {
		return nil, err
	}
	w := &Writer{dir: dir}
	if w.rows, err = os.Create(filepath.Join(dir, "rows")); err == nil {
		w.sections, err = os.Create(filepath.Join(dir, "sections"))
	}
	if err != nil {
		w.Discard()
		return nil, err
	}
	w.rowsW, w.secW = bufio.NewWriter(w.rows), bufio.NewWriter(w.sections)
	return w, nil
}

// Discard removes the spooled files; it is safe to call after Finish.
func (w *Writer) Discard() {
	if w.rows != nil {
		w.rows.Close()
	}
	if w.sections != nil {
		w.sections.Close()
	}
	os.RemoveAll(w.dir)
}

// Add spools one analyzed document; text is what was analyzed (the masked
// text for Markdown and HTML), so the mentions' offsets index it.
func (w *Writer) Add(d *lens.Document, text []byte) error {
	w.n++
	id := fmt.Sprintf("doc-%d", w.n)
	total := d.Counts.Total()
	row := rowData{ID: id, Path: d.Path, Counts: d.Counts, Total: total, Free: d.CustomerFree, UsShare: d.UsShare, Sentences: len(d.Sentences)}
	for _, l := range lens.Levels {
		if total > 0 {
			row.Shares[l] = float64(d.Counts[l]) / float64(total)
		}
	}
	if err := page().ExecuteTemplate(w.rowsW, "row", row); err != nil {
		return err
	}
	sec := sectionData{rowData: row, Text: highlight(text, d.Mentions), Truncated: len(text) > maxShownBytes}
	return page().ExecuteTemplate(w.secW, "section", sec)
}

type rowData struct {
	ID        string
	Path      string
	Counts    lens.Counts
	Shares    [4]float64
	Total     int
	Sentences int
	Free      bool
	UsShare   float64
}

// LevelNames names the levels in order, for the template's CSS classes.
func (rowData) LevelNames() []string {
	return []string{"market", "enterprise", "role", "person"}
}

type sectionData struct {
	rowData
	Text      template.HTML
	Truncated bool
}

type levelBar struct {
	Name  string
	Count int
	Share float64
}

// periodRow is one period of the report's trend table.
type periodRow struct {
	Name      string
	Documents int
	FreeShare float64
	Among     [4]float64 // among documents that mention customers, by most concrete level
	OfAll     [4]float64 // the same documents as shares of all the period's documents
}

func periodRows(periods []lens.Period) []periodRow {
	rows := make([]periodRow, 0, len(periods))
	for _, p := range periods {
		c := p.Corpus
		r := periodRow{Name: p.Name, Documents: c.Documents, FreeShare: c.CustomerFreeShare()}
		for _, l := range lens.Levels {
			r.Among[l] = c.MostConcreteShare(l)
			if c.Documents > 0 {
				r.OfAll[l] = float64(c.DocumentsAt[l]) / float64(c.Documents)
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// Finish writes the report to path. periods, when not nil, are the
// documents grouped by their date, by (month or year).
func (w *Writer) Finish(path string, c *lens.Corpus, by string, periods []lens.Period) error {
	if err := w.rowsW.Flush(); err != nil {
		return err
	}
	if err := w.secW.Flush(); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(f)
	var levels, concrete []levelBar
	for _, l := range lens.Levels {
		levels = append(levels, levelBar{l.String(), c.Mentions[l], c.LevelShare(l)})
		if c.Documents > c.CustomerFree {
			concrete = append(concrete, levelBar{l.String(), c.DocumentsAt[l], c.MostConcreteShare(l)})
		}
	}
	var rows []periodRow
	if periods != nil {
		rows = periodRows(periods)
	}
	data := map[string]any{
		"Corpus":     c,
		"Levels":     levels,
		"Concrete":   concrete,
		"Periods":    rows,
		"By":         by,
		"LevelNames": rowData{}.LevelNames(),
		"FreeShare":  c.CustomerFreeShare(),
		"Mentioned":  c.Documents - c.CustomerFree,
		"Generated":  time.Now().Format("2 January 2006, 15:04"),
		"ReadBy":     w.ReadBy,
	}
	err = page().ExecuteTemplate(out, "head", data)
	if err == nil {
		err = copyFile(out, w.rows)
	}
	if err == nil {
		err = page().ExecuteTemplate(out, "middle", data)
	}
	if err == nil {
		err = copyFile(out, w.sections)
	}
	if err == nil {
		err = page().ExecuteTemplate(out, "tail", data)
	}
	if err == nil {
		err = out.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func copyFile(w io.Writer, f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, f)
	return err
}

var (
	manySpaces   = regexp.MustCompile(`[ \t\r\f\v]{2,}`)
	manyNewlines = regexp.MustCompile(`\n\s*\n(\s*\n)+`)
)

// highlight renders text with each mention wrapped in a mark of its level.
// Runs of white space left by stripped markup are collapsed.
func highlight(text []byte, mentions []lens.Mention) template.HTML {
	if len(text) > maxShownBytes {
		text = text[:maxShownBytes]
	}
	var b strings.Builder
	plain := func(s []byte) {
		t := manySpaces.ReplaceAll(s, []byte(" "))
		t = manyNewlines.ReplaceAll(t, []byte("\n\n"))
		template.HTMLEscape(&b, t)
	}
	pos := 0
	for _, m := range mentions {
		if m.Start < pos || m.End > len(text) {
			continue // overlapping, or past what is shown
		}
		plain(text[pos:m.Start])
		fmt.Fprintf(&b, `<mark class="lv-%s" title="%s">`, m.Level, m.Level)
		template.HTMLEscape(&b, text[m.Start:m.End])
		b.WriteString("</mark>")
		pos = m.End
	}
	plain(text[pos:])
	return template.HTML(b.String())
}
