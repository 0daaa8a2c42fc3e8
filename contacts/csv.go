package contacts

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/faces-org/faces"
)

// CSV reads contacts from a CSV file, one per row after the header row.
type CSV struct {
	Header   []string // as the file names its columns
	Fields   []string // the field each column fills ("" : not read)
	Encoding string   // the encoding the file was in
	Comma    rune     // the separator: comma, semicolon or tab

	r       *csv.Reader
	limit   *lineLimiter
	started bool
}

// ReadCSV reads the file's header, telling its encoding and separator by
// its content, and recognizes its columns (see Recognize); Map changes a
// column's field before Contacts reads the rows.
func ReadCSV(r io.Reader) (*CSV, error) {
	text, encoding := decode(r)
	head, _ := text.Peek(sniffSize)
	c := &CSV{Encoding: encoding, Comma: separator(head)}
	c.limit = &lineLimiter{r: text, recordMaxBytes: 4 * MaxLineBytes}
	c.r = csv.NewReader(c.limit)
	c.r.Comma, c.r.FieldsPerRecord, c.r.ReuseRecord = c.Comma, -1, true
	header, err := c.r.Read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, faces.Errorf(faces.EINVALID, "The file is empty.")
	case err != nil:
		return nil, faces.Errorf(faces.EINVALID, "The first line (the column names) cannot be read: %s.", describe(err))
	}
	c.Header = append([]string(nil), header...)
	c.Fields = Recognize(c.Header)
	return c, nil
}

// separator picks the separator that the first line uses most: exports
// from spreadsheets in much of Europe use semicolons, Outlook sometimes
// tabs.
func separator(head []byte) rune {
	line, _, _ := strings.Cut(string(head), "\n")
	best, count := ',', strings.Count(line, ",")
	for _, sep := range []rune{';', '\t'} {
		if n := strings.Count(line, string(sep)); n > count {
			best, count = sep, n
		}
	}
	return best
}

// Map sets the field a column fills, by its header as the file names it.
func (c *CSV) Map(column, field string) error {
	if !ValidField(field) {
		return faces.Errorf(faces.EINVALID, "“%s” is not a field; choose one of %s, or nothing.", field, strings.Join(Fields, ", "))
	}
	for i, h := range c.Header {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(column)) {
			c.Fields[i] = field
			return nil
		}
	}
	return faces.Errorf(faces.EINVALID, "The file has no column “%s”.", column)
}

// Ignored lists the columns that are not read.
func (c *CSV) Ignored() []string {
	var out []string
	for i, f := range c.Fields {
		if f == FieldIgnore && strings.TrimSpace(c.Header[i]) != "" {
			out = append(out, c.Header[i])
		}
	}
	return out
}

// Missing says what a usable mapping lacks: a name (or its parts).
func (c *CSV) Missing() string {
	for _, f := range c.Fields {
		if f == FieldName || f == FieldFirst || f == FieldLast {
			return ""
		}
	}
	return "No column holds names: map one to “name”, or to “first name” and “last name”."
}

// Contacts yields each row's contact, or a faces.LineProblem for a row
// that cannot be read (the import may skip it), or another error that
// ends the reading (a line over 1 MB, a failing disk). Blank rows are
// passed over.
func (c *CSV) Contacts() iter.Seq2[*faces.Contact, error] {
	return func(yield func(*faces.Contact, error) bool) {
		if c.started {
			yield(nil, errors.New("contacts: the rows were read already"))
			return
		}
		c.started = true
		for {
			c.limit.reset()
			row, err := c.r.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, csv.ErrFieldCount) {
				if !yield(nil, faces.LineProblem{Line: pe.StartLine, Reason: describe(err)}) {
					return
				}
				continue
			}
			if err != nil {
				line, _ := c.r.FieldPos(0)
				yield(nil, fmt.Errorf("line %d: %s", line, describe(err)))
				return
			}
			line, _ := c.r.FieldPos(0)
			if blank(row) {
				continue
			}
			contact, problem := c.contact(row, line)
			if problem != "" {
				if !yield(nil, faces.LineProblem{Line: line, Reason: problem}) {
					return
				}
				continue
			}
			if !yield(contact, nil) {
				return
			}
		}
	}
}

func blank(row []string) bool {
	for _, f := range row {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// contact makes a row's contact, or says why it cannot.
func (c *CSV) contact(row []string, line int) (*faces.Contact, string) {
	ct := &faces.Contact{Line: line}
	var first, middle, last string
	for i, v := range row {
		if i >= len(c.Fields) || c.Fields[i] == FieldIgnore {
			continue
		}
		if !utf8.ValidString(v) {
			return nil, fmt.Sprintf("Column “%s” is not valid UTF-8 text; save the file as UTF-8.", c.Header[i])
		}
		v = strings.TrimSpace(unguard(v))
		if v == "" {
			continue
		}
		switch c.Fields[i] {
		case FieldName:
			if ct.Name == "" {
				ct.Name = v
			}
		case FieldFirst:
			first = v
		case FieldMiddle:
			middle = v
		case FieldLast:
			last = v
		case FieldEmail:
			ct.Emails = append(ct.Emails, splitList(v)...)
		case FieldPhone:
			ct.Phones = append(ct.Phones, splitList(v)...)
		case FieldLink:
			for _, l := range splitList(v) {
				ct.Links = append(ct.Links, withScheme(l))
			}
		case FieldTags:
			ct.Tags = append(ct.Tags, splitTags(v)...)
		case FieldCompany:
			if ct.Company == "" {
				ct.Company = v
			}
		case FieldTitle:
			if ct.Title == "" {
				ct.Title = v
			}
		case FieldDivision:
			if ct.Division == "" {
				ct.Division = v
			}
		case FieldPronouns:
			if ct.Pronouns == "" {
				ct.Pronouns = v
			}
		case FieldAddress:
			for _, a := range strings.Split(v, ";") {
				if a = oneLine(a); a != "" {
					ct.Addresses = append(ct.Addresses, a)
				}
			}
		case FieldNotes:
			if ct.Notes != "" {
				ct.Notes += "\n\n"
			}
			ct.Notes += v
		}
	}
	if ct.Name == "" {
		ct.Name = strings.Join(strings.Fields(first+" "+middle+" "+last), " ")
	}
	if ct.Name == "" {
		return nil, "There is no name."
	}
	ct.Emails, ct.Phones, ct.Links, ct.Tags = dedupe(ct.Emails, true), dedupe(ct.Phones, false), dedupe(ct.Links, false), dedupe(ct.Tags, true)
	return ct, ""
}

// splitList splits a cell holding several values: "a@x; b@y", or Google's
// "a@x ::: b@y".
func splitList(v string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(strings.ReplaceAll(v, ":::", ";"), func(r rune) bool { return r == ';' || r == '\n' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// splitTags splits a cell of tags on semicolons, commas and Google's
// " ::: ", dropping Google's "* myContacts" and the like.
func splitTags(v string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(strings.ReplaceAll(v, ":::", ";"), func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" || strings.HasPrefix(part, "* ") {
			continue
		}
		out = append(out, part)
	}
	return out
}

// withScheme gives "www.acme.example" the https:// a link needs.
func withScheme(l string) string {
	lower := strings.ToLower(l)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || !strings.Contains(l, ".") || strings.ContainsAny(l, " @") {
		return l
	}
	return "https://" + l
}

func dedupe(list []string, fold bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range list {
		key := v
		if fold {
			key = strings.ToLower(v)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, v)
		}
	}
	return out
}

// describe words a CSV reading error for a person.
func describe(err error) string {
	switch {
	case errors.Is(err, ErrLineTooLong):
		return "a line is longer than 1 MB; is this a CSV file?"
	case errors.Is(err, csv.ErrBareQuote):
		return `a quote (") inside a field that is not in quotes; put the field in quotes and double the quote`
	case errors.Is(err, csv.ErrQuote):
		return `a quoted field is not closed, or has text after its closing quote`
	}
	return err.Error()
}

// Rows reads up to n rows as they are, for a person to see what each
// column holds; the rows are then consumed.
func (c *CSV) Rows(n int) [][]string {
	var out [][]string
	for len(out) < n {
		c.limit.reset()
		row, err := c.r.Read()
		if err != nil && !errors.Is(err, csv.ErrFieldCount) {
			break // the end, or a row the import will report
		}
		if !blank(row) {
			out = append(out, append([]string(nil), row...))
		}
	}
	return out
}

// Describe names the file's format for a report: "CSV, UTF-8,
// comma-separated".
func (c *CSV) Describe() string {
	return fmt.Sprintf("CSV, %s, %s-separated", c.Encoding, map[rune]string{',': "comma", ';': "semicolon", '\t': "tab"}[c.Comma])
}
