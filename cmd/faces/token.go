package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/faces-org/faces"
)

const tokenUsage = `Usage: faces token add [--name NAME] [--db DB] EMAIL

Creates an API token that acts as the staff member with this email, with
their role, and prints it once. Send it as "Authorization: Bearer TOKEN".

Flags:
`

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(stderr, tokenUsage)
		return 2
	}
	fs := flag.NewFlagSet("faces token add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, tokenUsage); fs.PrintDefaults() }
	name := fs.String("name", "command line", "what the token is for")
	dsn := dbFlag(fs)
	rest, err := parseArgs(fs, args[1:])
	if err != nil {
		return 2
	}
	if len(rest) != 1 {
		fs.Usage()
		return 2
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces token add: opening %s: %v\n", *dsn, err)
		return 1
	}
	defer db.Close()
	u, err := db.FindUserByEmail(ctx, rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "faces token add: no account has the email %s\n", rest[0])
		return 1
	}
	_, secret, err := db.CreateAPIToken(ctx, u.ID, *name)
	if err != nil {
		fmt.Fprintf(stderr, "faces token add: %s\n", faces.ErrorMessage(err))
		return 1
	}
	fmt.Fprintln(stdout, secret)
	return 0
}
