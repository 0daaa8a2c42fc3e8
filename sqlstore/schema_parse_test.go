package sqlstore_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/postgres/postgrestest"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// The schema read from the PostgreSQL migrations is the one both
// databases have: the same tables and columns, and on PostgreSQL the same
// types.
func TestParsedSchemaMatchesTheDatabases(t *testing.T) {
	schema, err := sqlstore.ParseSchema(postgres.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	if i, j := slices.Index(schema.Order, "people"), slices.Index(schema.Order, "positions"); i < 0 || j < i {
		t.Errorf("order %q", schema.Order)
	}
	kinds := map[string]string{"bigint": "int", "integer": "int", "text": "text", "boolean": "bool",
		"timestamp with time zone": "time", "date": "day", "bytea": "blob", "tsvector": ""}
	pg := postgrestest.Open(t)
	rows, err := pg.SQL().Query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string][]string{}
	for rows.Next() {
		var table, column, typ string
		rows.Scan(&table, &column, &typ)
		if table == "schema_migrations" {
			continue
		}
		kind, ok := kinds[typ]
		if !ok {
			t.Errorf("%s.%s: a type the archive does not know: %s", table, column, typ)
		}
		if kind == "" {
			continue
		}
		seen[table] = append(seen[table], column)
		tb := schema.Tables[table]
		if tb == nil {
			t.Errorf("table %s is not in the parsed schema", table)
			continue
		}
		i := slices.IndexFunc(tb.Columns, func(c sqlstore.Column) bool { return c.Name == column })
		if i < 0 || tb.Columns[i].Kind != kind {
			t.Errorf("%s.%s (%s): parsed as %+v", table, column, typ, tb.Columns)
		}
	}
	for name, tb := range schema.Tables {
		if len(seen[name]) != len(tb.Columns) {
			t.Errorf("%s: parsed %d columns, PostgreSQL has %d", name, len(tb.Columns), len(seen[name]))
		}
	}
	lite, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	for name, tb := range schema.Tables {
		rows, err := lite.SQL().Query(`SELECT name FROM pragma_table_info($1)`, name)
		if err != nil {
			t.Fatal(err)
		}
		var cols []string
		for rows.Next() {
			var c string
			rows.Scan(&c)
			cols = append(cols, strings.ToLower(c))
		}
		rows.Close()
		for _, c := range tb.Columns {
			if !slices.Contains(cols, c.Name) {
				t.Errorf("SQLite's %s lacks %s (it has %q)", name, c.Name, cols)
			}
		}
	}
}
