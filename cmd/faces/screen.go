package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

const screenUsage = `Usage:
  faces screen add [flags] NAME      register a screen and print its token (the last word)
  faces screen list [--db DB]        list the screens, their last contact and what they show
  faces screen revoke [--db DB] NAME end a screen's token

A screen's browser sends its token as "Authorization: Bearer TOKEN" to
GET /screen/manifest, or keeps it in a cookie once paired from the
Screens page. The token reads that screen's wall and nothing else.

Flags of add:
`

func runScreen(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, screenUsage)
		return 2
	}
	switch args[0] {
	case "add":
		return screenAdd(ctx, args[1:], stdout, stderr)
	case "list":
		return screenList(ctx, args[1:], stdout, stderr)
	case "revoke":
		return screenRevoke(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, screenUsage)
	return 2
}

func screenAdd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces screen add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, screenUsage); fs.PrintDefaults() }
	sc := &faces.Screen{}
	fs.StringVar(&sc.Place, "place", "", "where it hangs")
	fs.StringVar(&sc.TimeZone, "tz", "UTC", "the time zone of its clock (an IANA name)")
	fs.StringVar(&sc.Orientation, "orientation", "landscape", "landscape or portrait")
	fs.IntVar(&sc.FacesAtOnce, "faces", 1, "faces shown at once (1–12)")
	fs.IntVar(&sc.SecondsPerCard, "seconds", 12, "seconds each card stays (5–3600)")
	room := fs.String("room", "", "make it a room named after this key customer (the company's exact name)")
	dsn := dbFlag(fs)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return 2
	}
	if len(rest) == 0 {
		fs.Usage()
		return 2
	}
	sc.Name = strings.Join(rest, " ")
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces screen add: opening %s: %v\n", *dsn, err)
		return 1
	}
	defer db.Close()
	if *room != "" {
		co, err := companyNamed(ctx, db, *room)
		if err != nil {
			fmt.Fprintf(stderr, "faces screen add: %s\n", faces.ErrorMessage(err))
			return 1
		}
		sc.CompanyID = co.ID
	}
	var token string
	err = db.WithinTx(ctx, func(tx *sqlstore.DB) error {
		if err := tx.CreateScreen(ctx, sc); err != nil {
			return err
		}
		token, err = tx.IssueScreenToken(ctx, sc.ID)
		return err
	})
	if err != nil {
		fmt.Fprintf(stderr, "faces screen add: %s\n", problemText(err))
		return 1
	}
	fmt.Fprintf(stdout, "Screen %q added. Its token: %s\n", sc.Name, token)
	return 0
}

// companyNamed finds a company by its exact name, through search.
func companyNamed(ctx context.Context, db *sqlstore.DB, name string) (*faces.Company, error) {
	res, err := db.Search(ctx, name, 50)
	if err != nil {
		return nil, err
	}
	for _, c := range res.Companies {
		if strings.EqualFold(c.Name, strings.TrimSpace(name)) {
			return c, nil
		}
	}
	return nil, faces.Errorf(faces.ENOTFOUND, "No company is named %q.", name)
}

// problemText is an error's message with what is wrong with each field.
func problemText(err error) string {
	var fields []string
	if fe, ok := err.(*faces.Error); ok {
		for f, msg := range fe.Fields {
			fields = append(fields, f+": "+msg)
		}
	}
	if len(fields) == 0 {
		return faces.ErrorMessage(err)
	}
	return faces.ErrorMessage(err) + " " + strings.Join(fields, "; ")
}

func screenList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces screen list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs)
	if _, err := parseArgs(fs, args); err != nil {
		return 2
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces screen list: opening %s: %v\n", *dsn, err)
		return 1
	}
	defer db.Close()
	screens, err := db.FindScreens(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "faces screen list: %v\n", err)
		return 1
	}
	w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tPLACE\tSHOWS\tPAIRED\tLAST CONTACT\tSHOWING")
	for _, sc := range screens {
		shows, paired, seen := "the wall", "no", "never"
		if sc.CompanyID != 0 {
			shows = "room of " + sc.CompanyName
		}
		if sc.Paired {
			paired = "yes"
		}
		if !sc.LastSeen.IsZero() {
			seen = sc.LastSeen.Format("2006-01-02 15:04 MST")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", sc.Name, sc.Place, shows, paired, seen, sc.Showing)
	}
	w.Flush()
	return 0
}

func screenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces screen revoke", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := dbFlag(fs)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return 2
	}
	if len(rest) == 0 {
		fmt.Fprint(stderr, screenUsage)
		return 2
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces screen revoke: opening %s: %v\n", *dsn, err)
		return 1
	}
	defer db.Close()
	sc, err := db.FindScreenByName(ctx, strings.Join(rest, " "))
	if err == nil {
		err = db.RevokeScreen(ctx, sc.ID)
	}
	if err != nil {
		fmt.Fprintf(stderr, "faces screen revoke: %s\n", faces.ErrorMessage(err))
		return 1
	}
	fmt.Fprintf(stdout, "Screen %q revoked: it shows a pairing code again.\n", sc.Name)
	return 0
}
