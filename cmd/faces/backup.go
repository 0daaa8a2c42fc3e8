package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

const backupUsage = `Usage: faces backup [--db faces.db] COPY

Writes a consistent copy of the SQLite database to the file COPY (which
must not exist) while Faces keeps running: one snapshot, read without
stopping anyone from writing, written compacted, checked, and put in place
only when whole. Restore by stopping Faces and putting the copy in place
of the database file. For PostgreSQL, use pg_dump.

Flags:
`

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, backupUsage); fs.PrintDefaults() }
	dsn := dbFlag(fs)
	rest, err := parseArgs(fs, args)
	if err != nil || len(rest) != 1 {
		fs.Usage()
		return 2
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces backup: opening %s: %v\n", redactDSN(*dsn), err)
		return 1
	}
	defer db.Close()
	start := time.Now()
	if err := db.Backup(ctx, rest[0]); err != nil {
		fmt.Fprintf(stderr, "faces backup: %v\n", err)
		return 1
	}
	size := int64(0)
	if st, err := os.Stat(rest[0]); err == nil {
		size = st.Size()
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%.1f MB) in %.1f s; the copy passed SQLite's check.\n", *dsn, rest[0], float64(size)/(1<<20), time.Since(start).Seconds())
	return 0
}
