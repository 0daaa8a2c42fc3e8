package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
	"golang.org/x/term"
)

const userUsage = `Usage: faces user add [flags] EMAIL [flags]

Creates a staff account. The password comes from FACES_PASSWORD, or is
asked for on a terminal, or is read from the first line of standard input.

Flags:
`

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(stderr, userUsage)
		return 2
	}
	fs := flag.NewFlagSet("faces user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, userUsage); fs.PrintDefaults() }
	admin := fs.Bool("admin", false, "make the account an administrator (same as --role admin)")
	role := fs.String("role", "editor", "the `role`: admin, editor or viewer")
	name := fs.String("name", "", "the person's `name` (default: from the email)")
	team := fs.String("team", "", "their `team`")
	ifMissing := fs.Bool("if-missing", false, "do nothing (and succeed) when an account has the email already")
	dsn := dbFlag(fs)
	rest, err := parseArgs(fs, args[1:])
	if err != nil {
		return 2
	}
	if len(rest) != 1 {
		fs.Usage()
		return 2
	}
	if *admin {
		*role = string(faces.RoleAdmin)
	}
	email := rest[0]
	if *name == "" {
		*name = strings.Split(email, "@")[0]
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces user add: opening %s: %v\n", *dsn, err)
		return 1
	}
	defer db.Close()
	if *ifMissing {
		if u, err := db.FindUserByEmail(ctx, email); err == nil {
			fmt.Fprintf(stdout, "%s <%s> already has an account (%s); nothing changed.\n", u.Name, u.Email, u.Role)
			return 0
		}
	}
	pw, err := readPassword(stdin, stderr)
	if err == nil {
		err = password.Check(pw)
	}
	if err != nil {
		fmt.Fprintf(stderr, "faces user add: %v\n", describe(err))
		return 1
	}
	u := &faces.User{Name: *name, Email: email, Team: *team, Role: faces.Role(*role), PasswordHash: password.Hash(pw)}
	if err := db.CreateUser(ctx, u); err != nil {
		fmt.Fprintf(stderr, "faces user add: %v\n", describe(err))
		return 1
	}
	fmt.Fprintf(stdout, "Created %s <%s> as %s.\n", u.Name, u.Email, u.Role)
	return 0
}

func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if pw := os.Getenv("FACES_PASSWORD"); pw != "" {
		return pw, nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// describe writes an application error with what is wrong per field.
func describe(err error) string {
	var fe *faces.Error
	if !errors.As(err, &fe) {
		return err.Error()
	}
	msg := fe.Message
	for field, m := range fe.Fields {
		msg += " " + field + ": " + m
	}
	return msg
}
