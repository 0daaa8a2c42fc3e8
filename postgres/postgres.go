// Package postgres opens Faces on PostgreSQL, for organizations that
// outgrow one machine or run several app servers behind a load balancer:
// everything the servers share lives in the database. It uses pgx through
// database/sql, so the queries are those of package sqlstore.
package postgres

import (
	"context"
	"embed"
	"io/fs"

	"github.com/faces-org/faces/sqlstore"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open connects to the PostgreSQL database named by dsn
// ("postgres://user:pass@host/db") and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	// No just-in-time compilation of queries (unless the URL asks for it):
	// Faces' queries are short, but PostgreSQL compiles any it estimates
	// to be costly, and the compiling costs more than it saves — 1.7 s of
	// the 3.1 s that drawing the wall's set took at a million people.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	db := stdlib.OpenDB(*cfg)
	// Keep the connections: database/sql keeps only two idle by default,
	// and each new one costs a connection handshake and fresh prepared
	// statements. Several servers share the database: 20 each.
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	sub, _ := fs.Sub(migrations, "migrations")
	s, err := sqlstore.New(ctx, db, sqlstore.Dialect{
		Name: "postgres",
		// Any fixed number will do; it only has to be the same for all
		// Faces servers sharing the database.
		MigrationLock: `SELECT pg_advisory_xact_lock(7411203)`,
		// Old row versions stay in the table files until VACUUM FULL
		// rewrites them: erasures are swept (SweepErasures).
		SweepAfterErasure: true,
	}, sub)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := s.UpgradeSearchIndex(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.CheckStoriesOnce(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.ReadWritingsOnce(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Migrations are the PostgreSQL migrations: the schema with its types,
// which archives use for both databases (sqlstore.ParseSchema).
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}
