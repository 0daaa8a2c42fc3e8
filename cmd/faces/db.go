package main

import (
	"context"
	"flag"
	"os"
	"strings"

	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

// dbFlag adds --db to a command: an SQLite file (the default, faces.db in
// the working folder) or a postgres:// URL; FACES_DB sets the default.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv(envName("db"))
	if def == "" {
		def = "faces.db"
	}
	return fs.String("db", def, "the database: an SQLite `file`, or a postgres:// URL (env FACES_DB)")
}

// openDB opens and migrates the database --db names.
func openDB(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	if isPostgres(dsn) {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// isPostgres tells whether --db names a PostgreSQL database rather than an
// SQLite file.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// parseArgs parses flags wherever they stand among a command's other
// arguments ("token add EMAIL --db FILE" as well as "token add --db FILE
// EMAIL") and returns the others.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
