// Command faces runs Faces: the web application and its command-line tools.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `faces — put faces to your customers

Usage:
  faces serve [--addr :8080] [--db faces.db]   run the web application
  faces user add [--admin] EMAIL                create a staff account
  faces token add EMAIL                         create an API token for a staff member
  faces screen add|list|revoke                 register screens for the wall of faces
  faces import [--db DB] [--dry-run] FILE       take in people from a CSV export of a CRM, or a vCard file
  faces export [--db DB] --vcard|--csv          write everyone as vCards or CSV to standard output
  faces openers [--db DB] --ics CALENDAR.ics    a customer story to open each coming meeting with
  faces backup [--db faces.db] COPY             copy a running SQLite database, consistently
  faces sweep [--db DB]                        sweep erased values out of PostgreSQL's files now
  faces demo [--db faces.db]                    fill an empty database with sample customers
  faces lens [flags] PATH…                      find customer references in files and folders
  faces lens eval DIR                           score the lens against a labeled folder
  faces lens train -o FILE DIR…                 train the lens's model on labeled folders
  faces lens label -o DIR PATH…                 make a folder of your own writing to label
  faces lens adapt -o FILE DIR                  adapt the lens to your labeled writing
  faces version                                 show the version, commit and Go version
  faces help                                    show this help

--db takes an SQLite file (default faces.db, or FACES_DB) or a postgres:// URL.
Run "faces COMMAND -h" for a command's flags.
`

func main() {
	// SIGTERM is what systemd, containers and orchestrators send to stop
	// a service; Ctrl-C sends os.Interrupt.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a command line and returns the exit status, so tests can
// drive the real program.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "token":
		return runToken(ctx, args[1:], stdout, stderr)
	case "screen":
		return runScreen(ctx, args[1:], stdout, stderr)
	case "import":
		return runImport(ctx, args[1:], stdin, stdout, stderr)
	case "export":
		return runExport(ctx, args[1:], stdout, stderr)
	case "openers":
		return runOpeners(ctx, args[1:], stdin, stdout, stderr)
	case "backup":
		return runBackup(ctx, args[1:], stdout, stderr)
	case "sweep":
		return runSweep(ctx, args[1:], stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], stdout, stderr)
	case "user":
		return runUser(ctx, args[1:], stdin, stdout, stderr)
	case "lens":
		if len(args) > 1 && args[1] == "eval" {
			return runLensEval(ctx, args[2:], stdout, stderr)
		}
		if len(args) > 1 && args[1] == "train" {
			return runLensTrain(args[2:], stdout, stderr)
		}
		if len(args) > 1 && args[1] == "label" {
			return runLensLabel(ctx, args[2:], stdin, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "adapt" {
			return runLensAdapt(args[2:], stdout, stderr)
		}
		return runLens(ctx, args[1:], stdin, stdout, stderr)
	case "version", "--version":
		return runVersion(stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "faces: unknown command %q\n\n%s", args[0], usage)
	return 2
}
