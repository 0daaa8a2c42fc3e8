// Package sqlstore implements Faces' services over database/sql. The SQL
// here is written once and runs on both databases Faces supports; what
// differs between them — opening, pragmas, the schema and its migrations —
// lives in sqlite/ and postgres/, which each return a *DB.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

// Dialect names a database and the few things its SQL does differently.
type Dialect struct {
	Name string
	// TimesAsText is true where timestamps and dates are stored as ISO 8601
	// text (SQLite) rather than native types (PostgreSQL).
	TimesAsText bool
	// MigrationLock, if set, is run first in each migration's transaction
	// so that servers starting together migrate one at a time.
	MigrationLock string
	// BeforeMigrations and AfterMigrations, if set, run on the one
	// connection that applies the migrations, outside their transactions:
	// SQLite turns foreign keys off around them so that a migration can
	// rebuild a table (they cannot be switched inside a transaction).
	BeforeMigrations, AfterMigrations string
	// ForeignKeyCheck, if set, runs at the end of each migration's
	// transaction and must find nothing, or the migration is undone.
	ForeignKeyCheck string
	// AfterErasure, if set, runs after a person is erased, to clear the
	// erased bytes out of the database's files.
	AfterErasure string
	// SweepAfterErasure is true where deleted and updated rows stay in the
	// files until their table is rewritten (PostgreSQL's old row
	// versions): an erasure then leaves a sweep due (see SweepErasures).
	SweepAfterErasure bool
	// OneWriter is true where the database lets one transaction write at
	// a time (SQLite): writers then queue in Go, first come first served,
	// instead of polling the database's lock with growing sleeps, which
	// left some writes waiting a second under load.
	OneWriter bool
}

// DB is an open, migrated database.
type DB struct {
	db *sql.DB
	// q runs the queries: the database, or, for a DB made by WithinTx,
	// its transaction.
	q       queryer
	tx      *sql.Tx
	stmts   *stmtCache // what q is outside a transaction
	counts  *countCache
	dialect Dialect
	writer  *writer // with Dialect.OneWriter: the queue of writers
	// schema is the newest migration this build knows: the version the
	// database must be at.
	schema int
	// laterIndex, inside an import's transaction, collects the people
	// whose search entries are brought up to date at its end (see
	// indexPerson).
	laterIndex map[int64]bool
}

// queryer is what *sql.DB and *sql.Tx both do.
// eachRow runs a query and calls scan for each row.
func eachRow(ctx context.Context, q queryer, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// WithinTx runs f with a DB whose every service call takes part in one
// transaction, committed when f returns nil and rolled back otherwise: a
// fill of many records (the demo, an import) either completes or leaves
// nothing.
func (s *DB) WithinTx(ctx context.Context, f func(*DB) error) error {
	if s.tx != nil {
		return f(s)
	}
	done, err := s.writer.wait(ctx)
	if err != nil {
		return err
	}
	defer done()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(&DB{db: s.db, q: tx, tx: tx, counts: s.counts, dialect: s.dialect, writer: s.writer, schema: s.schema}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.counts.clear()
	return nil
}

// New wraps an open database and brings its schema up to date with the
// numbered .sql files in migrations ("001_init.sql", …), each applied once,
// in its own transaction.
func New(ctx context.Context, db *sql.DB, d Dialect, migrations fs.FS) (*DB, error) {
	s := &DB{db: db, q: db, dialect: d}
	if err := s.migrate(ctx, migrations); err != nil {
		return nil, fmt.Errorf("migrating the %s database: %w", d.Name, err)
	}
	if d.OneWriter {
		s.writer = newWriter()
	}
	s.stmts, s.counts = newStmtCache(db, s.writer), &countCache{keepSlowerThan: slowCount}
	s.q = s.stmts
	return s, nil
}

// Close closes the database.
func (s *DB) Close() error {
	if s.stmts != nil {
		s.stmts.Close()
	}
	return s.db.Close()
}

// Ready tells whether the database can serve this build now: it answers,
// and its schema is the one this build knows (another server may have
// migrated it further since this one started).
func (s *DB) Ready(ctx context.Context) error {
	var current sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&current); err != nil {
		return err
	}
	if current.Int64 != int64(s.schema) {
		return fmt.Errorf("the database's schema is at version %d; this build of Faces needs version %d", current.Int64, s.schema)
	}
	return nil
}

// SQL returns the underlying database, for tests and tools.
func (s *DB) SQL() *sql.DB { return s.db }

func (s *DB) migrate(ctx context.Context, migrations fs.FS) error {
	names, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		version, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: the name must start with its number", name)
		}
		s.schema = max(s.schema, version)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A database a newer Faces has migrated may hold what this one does
	// not understand: refuse it rather than run on it.
	var current sql.NullInt64
	if conn.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&current) == nil && current.Int64 > int64(s.schema) {
		return fmt.Errorf("the database's schema is at version %d, newer than this build of Faces (%s) understands (version %d): "+
			"a newer Faces has upgraded it; run that version or a later one", current.Int64, faces.Build().Version, s.schema)
	}
	if s.dialect.BeforeMigrations != "" {
		if _, err := conn.ExecContext(ctx, s.dialect.BeforeMigrations); err != nil {
			return err
		}
	}
	for _, name := range names {
		version, _ := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err := s.applyMigration(ctx, conn, migrations, name, version); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	if s.dialect.AfterMigrations != "" {
		if _, err := conn.ExecContext(ctx, s.dialect.AfterMigrations); err != nil {
			return err
		}
	}
	return nil
}

func (s *DB) applyMigration(ctx context.Context, conn *sql.Conn, migrations fs.FS, name string, version int) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.dialect.MigrationLock != "" {
		if _, err := tx.ExecContext(ctx, s.dialect.MigrationLock); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrations, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, version); err != nil {
		return err
	}
	if s.dialect.ForeignKeyCheck != "" {
		rows, err := tx.QueryContext(ctx, s.dialect.ForeignKeyCheck)
		if err != nil {
			return err
		}
		broken := rows.Next()
		rows.Close()
		if broken {
			return errors.New("it would break a foreign key")
		}
	}
	return tx.Commit()
}

// inTx runs f in a transaction, committing when it returns nil; within
// WithinTx, in that transaction.
func (s *DB) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	if s.tx != nil {
		return f(s.tx)
	}
	done, err := s.writer.wait(ctx)
	if err != nil {
		return err
	}
	defer done()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.counts.clear() // the lists' totals may have changed
	return nil
}

// forUpdate locks the rows a query reads until the transaction ends, on
// PostgreSQL; SQLite's immediate transactions already hold the database.
func (s *DB) forUpdate() string {
	if s.dialect.Name == "postgres" {
		return " FOR UPDATE"
	}
	return ""
}

// forUpdateOf is forUpdate for a query with an outer join: it locks the
// rows of the one table named.
func (s *DB) forUpdateOf(table string) string {
	if s.dialect.Name == "postgres" {
		return " FOR UPDATE OF " + table
	}
	return ""
}

// textStamp is how a time is stored as text: UTC with a fixed number of
// fractional digits, so that text order is time order in comparisons.
const textStamp = "2006-01-02T15:04:05.000000000Z"

// stamp converts a time for storage: ISO 8601 text in UTC where times are
// stored as text, the time itself elsewhere.
func (s *DB) stamp(t time.Time) any {
	if s.dialect.TimesAsText {
		return t.UTC().Format(textStamp)
	}
	return t.UTC()
}

// day converts a date (a time's calendar day) for storage; the zero time is
// NULL.
func (s *DB) day(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if s.dialect.TimesAsText {
		return t.Format(time.DateOnly)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// timeScan reads a timestamp or date whichever way the database returns it:
// a time, ISO 8601 text, or NULL (the zero time).
type timeScan struct{ t *time.Time }

func (ts timeScan) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*ts.t = time.Time{}
	case time.Time:
		*ts.t = v.UTC()
	case string:
		return ts.parse(v)
	case []byte:
		return ts.parse(string(v))
	default:
		return fmt.Errorf("cannot read %T as a time", src)
	}
	return nil
}

func (ts timeScan) parse(v string) error {
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			*ts.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot read %q as a time", v)
}

// listScan reads a JSON array of strings stored as text.
type listScan struct{ l *[]string }

func (ls listScan) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*ls.l = []string{}
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("cannot read %T as a list", src)
	}
	return json.Unmarshal(b, ls.l)
}

// unique is the list without repeats, in the order first met.
func unique[T comparable](list []T) []T {
	seen := make(map[T]bool, len(list))
	out := list[:0:0]
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// placeholders writes n parameters from the from-th: "$1, $2, $3" — or,
// on SQLite, "?, ?, ?": its driver looks a numbered parameter up by name
// in a list, which costs a statement of a thousand of them a million
// steps.
func (s *DB) placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if s.postgres() {
			b.WriteString("$" + strconv.Itoa(from+i))
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}

// anys is the list as query arguments.
func anys[T any](list []T) []any {
	args := make([]any, len(list))
	for i, v := range list {
		args[i] = v
	}
	return args
}

func listValue(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// limit returns a filter's page size.
func limit(n int) int {
	if n <= 0 || n > 1000 {
		return faces.DefaultLimit
	}
	return n
}

// notFound turns sql.ErrNoRows into an ENOTFOUND error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return faces.Errorf(faces.ENOTFOUND, "%s not found.", what)
	}
	return err
}

// audit writes one audit entry in the transaction, as the context's actor.
func (s *DB) audit(ctx context.Context, tx *sql.Tx, action, entity string, id int64, before, after any) error {
	return s.auditAs(ctx, tx, faces.ActorFromContext(ctx), action, entity, id, before, after)
}

// auditValues encodes an audit entry's before and after as JSON text, or
// NULL for nil.
func auditValues(before, after any) (b, a any, err error) {
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		j, err := json.Marshal(v)
		return string(j), err
	}
	if b, err = enc(before); err != nil {
		return nil, nil, err
	}
	a, err = enc(after)
	return b, a, err
}

// auditAs writes one audit entry in the transaction, as the given actor.
// An entry about a relationship also notes its second person, whom an
// erasure must find too.
func (s *DB) auditAs(ctx context.Context, tx *sql.Tx, actor int64, action, entity string, id int64, before, after any) error {
	var other any
	for _, v := range []any{before, after} {
		if r, ok := v.(*faces.Relationship); ok {
			other = r.ToID
		}
		if m, ok := v.(*faces.Merge); ok {
			other = m.GoneID
		}
		if r, ok := v.(*faces.Risk); ok && r.PersonID > 0 {
			other = r.PersonID
		}
	}
	b, a, err := auditValues(before, after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (actor_id, action, entity, entity_id, before_json, after_json, at, other_person_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		actor, action, entity, id, b, a, s.stamp(faces.Now()), other)
	return err
}
