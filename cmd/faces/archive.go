package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/postgres"
	"github.com/faces-org/faces/sqlstore"
)

// runArchive writes everything in the database as an archive.
func runArchive(ctx context.Context, dsn string, stdout, stderr io.Writer) int {
	schema, err := sqlstore.ParseSchema(postgres.Migrations())
	if err != nil {
		fmt.Fprintf(stderr, "faces export: %v\n", err)
		return 1
	}
	db, err := openDB(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces export: opening %s: %v\n", redactDSN(dsn), err)
		return 1
	}
	defer db.Close()
	start := time.Now()
	m, err := db.WriteArchive(ctx, stdout, schema)
	if err != nil {
		fmt.Fprintf(stderr, "faces export: %v\n", err)
		return 1
	}
	rows := 0
	for _, t := range m.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(stderr, "Archived %d rows of %d tables in %.1f s.\n", rows, len(m.Tables), time.Since(start).Seconds())
	return 0
}

// runRestore restores an archive into the (empty) database. The archive
// is read at random (a ZIP file): from standard input, it is kept in a
// temporary file first.
func runRestore(ctx context.Context, dsn, name string, in io.Reader, progressMode string, stdout, stderr io.Writer) int {
	f, isFile := in.(*countingReader).r.(*os.File)
	if !isFile || name == "-" {
		tmp, err := os.CreateTemp("", "faces-archive-*.zip")
		if err != nil {
			fmt.Fprintf(stderr, "faces import: %v\n", err)
			return 1
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		if _, err := io.Copy(tmp, in); err != nil {
			fmt.Fprintf(stderr, "faces import: %v\n", err)
			return 1
		}
		f = tmp
	}
	st, err := f.Stat()
	if err != nil {
		fmt.Fprintf(stderr, "faces import: %v\n", err)
		return 1
	}
	schema, err := sqlstore.ParseSchema(postgres.Migrations())
	if err != nil {
		fmt.Fprintf(stderr, "faces import: %v\n", err)
		return 1
	}
	db, err := openDB(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces import: opening %s: %v\n", redactDSN(dsn), err)
		return 1
	}
	defer db.Close()
	start := time.Now()
	total, err := archiveRows(f, st.Size())
	if err != nil {
		fmt.Fprintf(stderr, "faces import: %s: %s\n", name, importError(err))
		return 1
	}
	var restored atomic.Int64
	p := &importProgress{w: stderr, size: total, progressed: restored.Load, unit: "rows", verb: "Restored",
		bar: progressMode == "always" || progressMode == "auto" && isTerminal(stderr), last: time.Now()}
	report := func(rows int) { restored.Store(int64(rows)); p.update(rows) }
	if progressMode == "never" {
		report = nil
	}
	m, err := db.RestoreArchive(faces.NewContextWithActor(ctx, 0), f, st.Size(), schema, report)
	p.done()
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "faces import: cancelled; nothing was restored.")
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "faces import: %s: %s\n", name, importError(err))
		return 1
	}
	rows := 0
	for _, t := range m.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "Restored %s (a Faces archive from %s, written %s by Faces %s): %d rows of %d tables in %.1f s.\n",
		name, m.Database, m.CreatedAt.Format("2 Jan 2006 15:04 UTC"), m.Faces, rows, len(m.Tables), time.Since(start).Seconds())
	return 0
}

// archiveRows is how many rows an archive's manifest says it holds, for
// the progress.
func archiveRows(r io.ReaderAt, size int64) (int64, error) {
	m, err := sqlstore.ReadArchiveManifest(r, size)
	if err != nil {
		return 0, err
	}
	total := int64(0)
	for _, t := range m.Tables {
		total += int64(t.Rows)
	}
	return total, nil
}
