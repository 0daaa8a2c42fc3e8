package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/demo"
)

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces demo: opening %s: %v\n", *dsn, err)
		return 1
	}
	defer db.Close()
	if err := demo.FillAtomically(ctx, db); err != nil {
		fmt.Fprintf(stderr, "faces demo: %s\n", faces.ErrorMessage(err))
		return 1
	}
	_, n, _ := db.FindPeople(ctx, faces.PersonFilter{Limit: 1})
	fmt.Fprintf(stdout, "Filled %s with a sample organization: %d people.\n", *dsn, n)
	return 0
}
