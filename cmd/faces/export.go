package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/access"
	"github.com/faces-org/faces/contacts"
)

const exportUsage = `Usage: faces export [--db DB] --vcard|--csv [--person ID]…
       faces export [--db DB] --archive > faces-archive.zip
       faces export [--db DB] --subject-access ID > archive.zip

Writes people to standard output.

--vcard writes vCard 4.0 cards (RFC 6350): name,
pronouns, e-mail addresses, phones, postal addresses, links, tags, notes,
company and title, and the portrait inline. Their role history, story and
relationships go in Faces' own properties (X-FACES-POSITION, X-FACES-STORY
and RELATED with X-FACES-KIND), which other address books keep or ignore
and "faces import" reads back: an export imported into an empty database,
SQLite or PostgreSQL, gives the same people.

--csv writes one row per person (UTF-8, RFC 4180) with the column names
CRMs and Faces' own import recognize: name, pronouns, e-mails, phones,
addresses, links and tags (several in a cell separated by "; "), current
company, division, title and since when, notes, Faces' id and the last
change. A cell a spreadsheet would run as a formula (=, +, -, @) starts
with an apostrophe, which Faces' import takes off.

Either reads one snapshot of the database and does not stop a running
server from writing.

--archive writes everything — people, companies, role history, stories,
consent, photos, relationships, visits, insights, themes, guides,
screens and the wall's settings, staff accounts and API tokens (hashed),
follows, the trash, merges and the audit trail — as one ZIP archive
(format in the README). "faces import faces-archive.zip" restores it into
an empty database, SQLite or PostgreSQL: the way from one to the other.

--subject-access ID answers a subject access request: everything Faces
holds about that person, as a ZIP archive — a page to read (index.html),
the machine-readable records (person.json: their record, role history,
story, consents, relationships, buying roles, visits, insights and every
change to them in the audit trail), their card (card.vcf) and portrait.

Flags:
`

// idFlags collects repeated --person ID.
type idFlags []int64

func (ids *idFlags) String() string { return fmt.Sprint(*ids) }
func (ids *idFlags) Set(v string) error {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%q is not a person's id", v)
	}
	*ids = append(*ids, id)
	return nil
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, exportUsage); fs.PrintDefaults() }
	dsn := dbFlag(fs)
	vcard := fs.Bool("vcard", false, "write vCard 4.0 cards")
	csv := fs.Bool("csv", false, "write CSV, one row per person")
	var people idFlags
	fs.Var(&people, "person", "export only this person (repeatable)")
	subject := fs.Int64("subject-access", 0, "write everything about the person with this `id`, as a ZIP archive")
	archive := fs.Bool("archive", false, "write everything, as a ZIP archive that faces import restores")
	rest, err := parseArgs(fs, args)
	if err == nil && len(rest) == 0 && *archive && !*vcard && !*csv && *subject == 0 {
		return runArchive(ctx, *dsn, stdout, stderr)
	}
	if err == nil && len(rest) == 0 && *subject > 0 && !*vcard && !*csv {
		return runSubjectAccess(ctx, *dsn, *subject, stdout, stderr)
	}
	if err != nil || len(rest) != 0 || *vcard == *csv || *subject != 0 || *archive {
		fs.Usage()
		return 2
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces export: opening %s: %v\n", redactDSN(*dsn), err)
		return 1
	}
	defer db.Close()
	filter := faces.RecordFilter{Photos: *vcard}
	if len(people) > 0 {
		filter.IDs = people
	}
	var w interface {
		Write(*faces.PersonRecord) error
		Flush() error
	}
	if *vcard {
		w = contacts.NewVCardWriter(stdout)
	} else if w, err = contacts.NewCSVWriter(stdout); err != nil {
		fmt.Fprintf(stderr, "faces export: %v\n", err)
		return 1
	}
	if err := db.EachPersonRecord(ctx, filter, w.Write); err != nil {
		fmt.Fprintf(stderr, "faces export: %v\n", err)
		return 1
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "faces export: %v\n", err)
		return 1
	}
	return 0
}

// runSubjectAccess writes the archive of everything about one person.
func runSubjectAccess(ctx context.Context, dsn string, id int64, stdout, stderr io.Writer) int {
	db, err := openDB(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces export: opening %s: %v\n", redactDSN(dsn), err)
		return 1
	}
	defer db.Close()
	rec, err := access.Collect(ctx, db, id)
	if err == nil {
		err = access.Write(stdout, rec)
	}
	if err != nil {
		fmt.Fprintf(stderr, "faces export: %s\n", faces.ErrorMessage(err))
		return 1
	}
	return 0
}
