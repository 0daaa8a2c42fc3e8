package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/faces-org/faces"
	"io"
	"time"
)

const sweepUsage = `Usage: faces sweep [--db DB]

Sweeps erased values out of the database's files now. PostgreSQL keeps
the old versions of deleted and changed rows in its table files until a
table is rewritten; after an erasure "faces serve" rewrites them at
--sweep-hour (VACUUM FULL, which locks each table while it runs). This
runs it at once. On SQLite erased values are cleared as they are erased,
and this does nothing.

Flags:
`

func runSweep(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, sweepUsage); fs.PrintDefaults() }
	dsn := dbFlag(fs)
	if rest, err := parseArgs(fs, args); err != nil || len(rest) > 0 {
		fs.Usage()
		return 2
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces sweep: opening %s: %v\n", *dsn, err)
		return 1
	}
	defer db.Close()
	due, err := db.ErasureSweepDue(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "faces sweep: %v\n", err)
		return 1
	}
	start := time.Now()
	if err := db.SweepErasures(ctx); faces.ErrorCode(err) == faces.EUNAVAILABLE {
		fmt.Fprintf(stderr, "faces sweep: %s\n", faces.ErrorMessage(err))
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "faces sweep: %v\n", err)
		return 1
	}
	if due.IsZero() {
		fmt.Fprintf(stdout, "No erasure was waiting; swept anyway in %.1f s.\n", time.Since(start).Seconds())
	} else {
		fmt.Fprintf(stdout, "Swept the erasures waiting since %s in %.1f s.\n", due.Format(time.RFC3339), time.Since(start).Seconds())
	}
	return 0
}
