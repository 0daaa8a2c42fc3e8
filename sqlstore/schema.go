package sqlstore

import (
	"bufio"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Schema is the tables of the database and the type of each column, as
// the PostgreSQL migrations declare them: the typed truth for both
// databases (SQLite keeps times and days as text), which an archive needs
// to carry values from one to the other.
type Schema struct {
	Tables map[string]*Table
	// Order lists the tables parents first: a table comes after those its
	// columns reference.
	Order []string
}

// Table is one table's columns, in order.
type Table struct {
	Name    string
	Columns []Column
	refs    map[string]bool // tables referenced
}

// Column is a column and its kind of value.
type Column struct {
	Name string
	Kind string // one of the Kind… constants
}

// The kinds of column value.
const (
	KindInt  = "int"
	KindText = "text"
	KindBool = "bool"
	KindTime = "time" // a moment (TIMESTAMPTZ)
	KindDay  = "day"  // a calendar day (DATE)
	KindBlob = "blob"
	KindReal = "real"
	kindNone = "" // not kept (the search vectors)
)

var (
	createTable = regexp.MustCompile(`(?i)^CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\((.*)$`)
	addColumn   = regexp.MustCompile(`(?i)^ALTER TABLE (\w+) ADD COLUMN (\w+) (.+)$`)
	dropColumn  = regexp.MustCompile(`(?i)^ALTER TABLE (\w+) DROP COLUMN (\w+)`)
	dropTable   = regexp.MustCompile(`(?i)^DROP TABLE (?:IF EXISTS )?(\w+)`)
	references  = regexp.MustCompile(`(?i)REFERENCES (\w+)`)
)

// ParseSchema reads the tables and their column types from PostgreSQL
// migrations (numbered .sql files), in order.
func ParseSchema(migrations fs.FS) (*Schema, error) {
	names, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	s := &Schema{Tables: map[string]*Table{}}
	for _, name := range names {
		b, err := fs.ReadFile(migrations, name)
		if err != nil {
			return nil, err
		}
		if err := s.read(string(b)); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return s, s.order()
}

func (s *Schema) read(sql string) error {
	var open *Table // the table whose columns are being read
	sc := bufio.NewScanner(strings.NewReader(sql))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "--"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if open != nil {
			if strings.HasPrefix(line, ")") {
				open = nil
				continue
			}
			open.column(strings.TrimSuffix(line, ","))
			continue
		}
		switch {
		case createTable.MatchString(line):
			m := createTable.FindStringSubmatch(line)
			t := &Table{Name: strings.ToLower(m[1]), refs: map[string]bool{}}
			s.Tables[t.Name] = t
			if rest := strings.TrimSpace(m[2]); rest != "" { // CREATE TABLE x (a INTEGER NOT NULL);
				for _, def := range strings.Split(strings.TrimSuffix(strings.TrimSuffix(rest, ";"), ")"), ",") {
					t.column(def)
				}
				continue
			}
			open = t
		case addColumn.MatchString(line):
			m := addColumn.FindStringSubmatch(line)
			t := s.Tables[strings.ToLower(m[1])]
			if t == nil {
				return fmt.Errorf("a column added to %s, which is not there", m[1])
			}
			t.column(m[2] + " " + m[3])
		case dropColumn.MatchString(line):
			m := dropColumn.FindStringSubmatch(line)
			if t := s.Tables[strings.ToLower(m[1])]; t != nil {
				t.Columns = slices.DeleteFunc(t.Columns, func(c Column) bool { return strings.EqualFold(c.Name, m[2]) })
			}
		case dropTable.MatchString(line):
			delete(s.Tables, strings.ToLower(dropTable.FindStringSubmatch(line)[1]))
		}
	}
	return sc.Err()
}

// column reads one line of a table's definition: a column, or a
// constraint (which it skips).
func (t *Table) column(def string) {
	fields := strings.Fields(strings.TrimSuffix(strings.TrimSpace(def), ";"))
	if len(fields) < 2 {
		return
	}
	switch strings.ToUpper(fields[0]) {
	case "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT":
		if m := references.FindStringSubmatch(def); m != nil {
			t.refs[strings.ToLower(m[1])] = true
		}
		return
	}
	if m := references.FindStringSubmatch(def); m != nil {
		t.refs[strings.ToLower(m[1])] = true
	}
	kind := kindNone
	switch typ := strings.ToUpper(fields[1]); {
	case typ == "BIGINT", typ == "INTEGER", typ == "INT", typ == "SMALLINT", typ == "BIGSERIAL", typ == "SERIAL":
		kind = KindInt
	case typ == "TEXT", strings.HasPrefix(typ, "VARCHAR"):
		kind = KindText
	case typ == "BOOLEAN":
		kind = KindBool
	case typ == "TIMESTAMPTZ", strings.HasPrefix(typ, "TIMESTAMP"):
		kind = KindTime
	case typ == "DATE":
		kind = KindDay
	case typ == "BYTEA":
		kind = KindBlob
	case typ == "REAL", typ == "DOUBLE", typ == "FLOAT8", typ == "NUMERIC":
		kind = KindReal
	}
	if kind != kindNone {
		t.Columns = append(t.Columns, Column{Name: strings.ToLower(fields[0]), Kind: kind})
	}
}

// order puts the tables parents first.
func (s *Schema) order() error {
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range s.Tables {
			if !yield(n) {
				return
			}
		}
	})
	placed := map[string]bool{}
	for len(s.Order) < len(names) {
		progress := false
		for _, n := range names {
			if placed[n] {
				continue
			}
			ready := true
			for ref := range s.Tables[n].refs {
				if ref != n && !placed[ref] && s.Tables[ref] != nil {
					ready = false
				}
			}
			if ready {
				placed[n] = true
				s.Order = append(s.Order, n)
				progress = true
			}
		}
		if !progress {
			return fmt.Errorf("the tables reference each other in a cycle")
		}
	}
	return nil
}
