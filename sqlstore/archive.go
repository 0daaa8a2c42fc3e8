package sqlstore

import (
	"archive/zip"
	"bufio"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

// The archive: a ZIP file holding manifest.json (what follows, and the
// schema version and database it came from) and, for each table,
// tables/NAME.jsonl — one JSON array per row, its values in the order of
// the manifest's columns: numbers, strings, true/false, null; times as
// RFC 3339 text in UTC, days as YYYY-MM-DD, bytes in base64. Ids are kept,
// so the records link up as they did. It is documented in the README.
const (
	ArchiveFormat  = "faces-archive"
	ArchiveVersion = 1
)

// ArchiveManifest describes an archive.
type ArchiveManifest struct {
	Format    string         `json:"format"`
	Version   int            `json:"version"`
	Schema    int            `json:"schema"`   // the migration the database was at
	Database  string         `json:"database"` // sqlite or postgres
	Faces     string         `json:"faces"`    // the version of Faces that wrote it
	CreatedAt time.Time      `json:"created_at"`
	Tables    []ArchiveTable `json:"tables"`
}

// ArchiveTable is one table of an archive.
type ArchiveTable struct {
	Name    string   `json:"name"`
	Columns []Column `json:"columns"`
	Rows    int      `json:"rows"`
}

// notArchived are tables an archive leaves out: sign-in sessions and
// attempts (a restored database signs everyone in afresh), pairing codes
// of minutes, uploaded files of a week, the search index's version (the
// index is rebuilt), and the keys people share (triggers make them again
// as the people are restored).
var notArchived = []string{"sessions", "login_attempts", "screen_pairings", "contact_uploads", "search_index_version", "duplicate_keys"}

// WriteArchive writes everything in the database to w as an archive,
// from one snapshot (a read transaction that does not hold SQLite's
// writer), a table at a time, a row at a time.
func (s *DB) WriteArchive(ctx context.Context, w io.Writer, schema *Schema) (*ArchiveManifest, error) {
	conn, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	m := &ArchiveManifest{Format: ArchiveFormat, Version: ArchiveVersion, Schema: s.schema, Database: s.dialect.Name,
		Faces: faces.Build().Version, CreatedAt: faces.Now().UTC()}
	z := zip.NewWriter(w)
	for _, name := range schema.Order {
		if slices.Contains(notArchived, name) {
			continue
		}
		t := schema.Tables[name]
		f, err := z.CreateHeader(&zip.FileHeader{Name: "tables/" + name + ".jsonl", Method: zip.Deflate, Modified: m.CreatedAt})
		if err != nil {
			return nil, err
		}
		n, err := s.writeTable(ctx, conn, t, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		m.Tables = append(m.Tables, ArchiveTable{Name: name, Columns: t.Columns, Rows: n})
	}
	f, err := z.CreateHeader(&zip.FileHeader{Name: "manifest.json", Method: zip.Deflate, Modified: m.CreatedAt})
	if err != nil {
		return nil, err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return m, z.Close()
}

// snapshot opens a connection in a read transaction: one snapshot of the
// database, without taking SQLite's writer.
func (s *DB) snapshot(ctx context.Context) (*sql.Conn, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	begin := `BEGIN DEFERRED`
	if s.dialect.Name != "sqlite" {
		begin = `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// writeTable writes a table's rows as JSON lines.
func (s *DB) writeTable(ctx context.Context, conn *sql.Conn, t *Table, w io.Writer) (int, error) {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	rows, err := conn.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+t.Name)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	bw := bufio.NewWriterSize(w, 64<<10)
	holders := make([]any, len(t.Columns))
	ints := make([]sql.NullInt64, len(t.Columns))
	texts := make([]sql.NullString, len(t.Columns))
	bools := make([]sql.NullBool, len(t.Columns))
	reals := make([]sql.NullFloat64, len(t.Columns))
	times := make([]time.Time, len(t.Columns))
	blobs := make([][]byte, len(t.Columns))
	for i, c := range t.Columns {
		switch c.Kind {
		case KindInt:
			holders[i] = &ints[i]
		case KindText:
			holders[i] = &texts[i]
		case KindBool:
			holders[i] = &bools[i]
		case KindReal:
			holders[i] = &reals[i]
		case KindTime, KindDay:
			holders[i] = timeScan{&times[i]}
		case KindBlob:
			holders[i] = &blobs[i]
		}
	}
	n := 0
	line := make([]any, len(t.Columns))
	for rows.Next() {
		if err := rows.Scan(holders...); err != nil {
			return n, err
		}
		for i, c := range t.Columns {
			line[i] = nil
			switch c.Kind {
			case KindInt:
				if ints[i].Valid {
					line[i] = ints[i].Int64
				}
			case KindText:
				if texts[i].Valid {
					line[i] = texts[i].String
				}
			case KindBool:
				if bools[i].Valid {
					line[i] = bools[i].Bool
				}
			case KindReal:
				if reals[i].Valid {
					line[i] = reals[i].Float64
				}
			case KindTime:
				if !times[i].IsZero() {
					line[i] = times[i].UTC().Format(time.RFC3339Nano)
				}
			case KindDay:
				if !times[i].IsZero() {
					line[i] = times[i].Format(time.DateOnly)
				}
			case KindBlob:
				if blobs[i] != nil {
					line[i] = base64.StdEncoding.EncodeToString(blobs[i])
				}
			}
		}
		b, err := json.Marshal(line)
		if err != nil {
			return n, err
		}
		bw.Write(b)
		bw.WriteByte('\n')
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// RestoreArchive reads an archive into this database, which must be
// empty (no people, companies or staff accounts), in one transaction:
// it completes, or changes nothing. Tables the migrations filled (the
// wall's settings, the sample interview guide) are replaced by the
// archive's. The search index is rebuilt. Progress, when set, is told
// every so often how many rows are in.
func (s *DB) RestoreArchive(ctx context.Context, r io.ReaderAt, size int64, schema *Schema, progress func(rows int)) (*ArchiveManifest, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, faces.Errorf(faces.EINVALID, "This is not a Faces archive (not a ZIP file: %v).", err)
	}
	m, err := readManifest(z)
	if err != nil {
		return nil, err
	}
	if m.Schema > s.schema {
		return nil, faces.Errorf(faces.EINVALID, "The archive was written by a newer Faces (schema %d; this one knows %d): restore it with that version or a later one.", m.Schema, s.schema)
	}
	err = s.WithinTx(ctx, func(t *DB) error {
		var used int
		if err := t.tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM companies) + (SELECT COUNT(*) FROM users)`).Scan(&used); err != nil {
			return err
		}
		if used > 0 {
			return faces.Errorf(faces.ECONFLICT, "An archive is restored into an empty database; this one has people, companies or staff accounts.")
		}
		if t.dialect.Name == "sqlite" {
			if _, err := t.tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
				return err
			}
			defer t.tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
		}
		archived := map[string]ArchiveTable{}
		for _, at := range m.Tables {
			archived[at.Name] = at
		}
		// Children first out, parents first in.
		for i := len(schema.Order) - 1; i >= 0; i-- {
			if _, ok := archived[schema.Order[i]]; ok {
				if _, err := t.tx.ExecContext(ctx, `DELETE FROM `+schema.Order[i]); err != nil {
					return err
				}
			}
		}
		done := 0
		for _, name := range schema.Order {
			at, ok := archived[name]
			if !ok {
				continue
			}
			if err := t.restoreTable(ctx, z, at, schema.Tables[name], &done, progress); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		if t.dialect.Name != "sqlite" {
			for _, name := range schema.Order {
				if _, ok := archived[name]; ok && slices.ContainsFunc(schema.Tables[name].Columns, func(c Column) bool { return c.Name == "id" }) {
					if _, err := t.tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM `+name+`), false)`, name); err != nil {
						return err
					}
				}
			}
		}
		if err := t.RebuildSearchIndex(ctx); err != nil {
			return err
		}
		return t.audit(ctx, t.tx, "restore", "database", 0, nil, map[string]any{"database": m.Database, "created_at": m.CreatedAt, "schema": m.Schema})
	})
	return m, err
}

// ReadArchiveManifest reads an archive's manifest: what it holds.
func ReadArchiveManifest(r io.ReaderAt, size int64) (*ArchiveManifest, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, faces.Errorf(faces.EINVALID, "This is not a Faces archive (not a ZIP file: %v).", err)
	}
	return readManifest(z)
}

func readManifest(z *zip.Reader) (*ArchiveManifest, error) {
	f, err := z.Open("manifest.json")
	if err != nil {
		return nil, faces.Errorf(faces.EINVALID, "This ZIP file is not a Faces archive: it has no manifest.json.")
	}
	defer f.Close()
	m := &ArchiveManifest{}
	if err := json.NewDecoder(io.LimitReader(f, 1<<20)).Decode(m); err != nil || m.Format != ArchiveFormat {
		return nil, faces.Errorf(faces.EINVALID, "This ZIP file is not a Faces archive: its manifest.json is not one.")
	}
	if m.Version > ArchiveVersion {
		return nil, faces.Errorf(faces.EINVALID, "The archive is of version %d; this Faces reads version %d.", m.Version, ArchiveVersion)
	}
	return m, nil
}

// restoreTable inserts an archived table's rows, the columns both the
// archive and this schema have (a column added since the archive was
// written takes its default).
func (s *DB) restoreTable(ctx context.Context, z *zip.Reader, at ArchiveTable, t *Table, done *int, progress func(int)) error {
	if t == nil {
		return nil // a table this version no longer has
	}
	var cols []Column
	var from []int // the archive's position of each column inserted
	for _, c := range t.Columns {
		if i := slices.IndexFunc(at.Columns, func(a Column) bool { return a.Name == c.Name }); i >= 0 {
			cols, from = append(cols, c), append(from, i)
		}
	}
	ins := &batchInsert{db: s, table: t.Name, columns: cols}
	defer ins.close()
	f, err := z.Open("tables/" + at.Name + ".jsonl")
	if err != nil {
		return faces.Errorf(faces.EINVALID, "The archive lacks tables/%s.jsonl.", at.Name)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20) // a row holds at most a photo
	line := 0
	for sc.Scan() {
		line++
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.UseNumber()
		var row []any
		if err := dec.Decode(&row); err != nil || len(row) != len(at.Columns) {
			return faces.Errorf(faces.EINVALID, "tables/%s.jsonl, line %d: not a row of %d values.", at.Name, line, len(at.Columns))
		}
		for i, c := range cols {
			v, err := s.archivedValue(c.Kind, row[from[i]])
			if err != nil {
				return faces.Errorf(faces.EINVALID, "tables/%s.jsonl, line %d, %s: %v.", at.Name, line, c.Name, err)
			}
			ins.args = append(ins.args, v)
		}
		if err := ins.row(ctx); err != nil {
			return fmt.Errorf("near line %d: %w", line, err)
		}
		if *done++; progress != nil && *done%1000 == 0 {
			progress(*done)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := ins.flush(ctx); err != nil {
		return fmt.Errorf("the last rows: %w", err)
	}
	if line != at.Rows {
		return faces.Errorf(faces.EINVALID, "tables/%s.jsonl has %d rows; the manifest says %d.", at.Name, line, at.Rows)
	}
	return nil
}

// archivedValue turns an archived JSON value into what this database
// stores for the kind of column.
func (s *DB) archivedValue(kind string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := errors.New("not a value of its kind")
	switch kind {
	case KindInt:
		if n, ok := v.(json.Number); ok {
			return n.Int64()
		}
	case KindReal:
		if n, ok := v.(json.Number); ok {
			return n.Float64()
		}
	case KindText:
		if str, ok := v.(string); ok {
			return str, nil
		}
	case KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case KindTime:
		if str, ok := v.(string); ok {
			t, err := time.Parse(time.RFC3339Nano, str)
			if err != nil {
				return nil, err
			}
			return s.stamp(t), nil
		}
	case KindDay:
		if str, ok := v.(string); ok {
			t, err := time.Parse(time.DateOnly, str)
			if err != nil {
				return nil, err
			}
			return s.day(t), nil
		}
	case KindBlob:
		if str, ok := v.(string); ok {
			return base64.StdEncoding.DecodeString(str)
		}
	}
	return nil, bad
}

// batchInsert inserts rows many at a time, in multi-row INSERT statements
// prepared once for a full batch.
type batchInsert struct {
	db      *DB
	table   string
	columns []Column
	args    []any // the rows waiting, flattened
	full    *sql.Stmt
}

// batchParams bounds the parameters of one statement (SQLite allows
// 32,766, PostgreSQL 65,535).
const batchParams = 30000

// perBatch is how many rows go in one statement: on SQLite, in the
// process, ten (a fifth less time than one row to a statement for the
// restore of 500,000 rows, and for an import; 500 were slower, 37 s
// against 14 s, before parameters were written "?" there); on PostgreSQL,
// a round trip away, as many as fit (70 s against 23 s).
func (b *batchInsert) perBatch() int {
	if b.db.dialect.Name == "sqlite" {
		return 10
	}
	return max(1, min(500, batchParams/len(b.columns)))
}

func (b *batchInsert) statement(rows int) string {
	names := make([]string, len(b.columns))
	for i, c := range b.columns {
		names[i] = c.Name
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO ` + b.table + ` (` + strings.Join(names, ", ") + `) VALUES `)
	for r := range rows {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(" + b.db.placeholders(r*len(b.columns)+1, len(b.columns)) + ")")
	}
	return q.String()
}

// row notes that a row's values were added to args, and inserts a batch
// when it is full.
func (b *batchInsert) row(ctx context.Context) error {
	if len(b.args) < b.perBatch()*len(b.columns) {
		return nil
	}
	if b.full == nil {
		st, err := b.db.tx.PrepareContext(ctx, b.statement(b.perBatch()))
		if err != nil {
			return err
		}
		b.full = st
	}
	_, err := b.full.ExecContext(ctx, b.args...)
	b.args = b.args[:0]
	return err
}

// flush inserts the rows left.
func (b *batchInsert) flush(ctx context.Context) error {
	if len(b.args) == 0 {
		return nil
	}
	_, err := b.db.tx.ExecContext(ctx, b.statement(len(b.args)/len(b.columns)), b.args...)
	b.args = b.args[:0]
	return err
}

func (b *batchInsert) close() {
	if b.full != nil {
		b.full.Close()
	}
}
