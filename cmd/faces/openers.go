package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/calendar"
)

const openersUsage = `Usage: faces openers [--db DB] --ics CALENDAR.ics [--days 14] [--team TEAM]
       faces openers [--db DB] TOPIC…

Proposes a customer's story to open each meeting with: for each meeting
of the calendar (an iCalendar file a calendar exports, "-" for standard
input) from now to --days ahead, its time and title, then the story of
the person whose record speaks most of the meeting's title and
description, phrased to be read aloud, and two alternatives. Given words
instead of a calendar, it proposes openers for that topic. Recurring
meetings are expanded within the window; the team's recently heard
stories (--team) come last.

Flags:
`

func runOpeners(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces openers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, openersUsage); fs.PrintDefaults() }
	dsn := dbFlag(fs)
	ics := fs.String("ics", "", "the calendar: an iCalendar `file`, or - for standard input")
	days := fs.Int("days", 14, "how many `days` ahead to read the calendar")
	team := fs.String("team", "", "the `team` that meets: stories it heard in the last 30 days come last")
	rest, err := parseArgs(fs, args)
	if err != nil || (*ics == "") == (len(rest) == 0) || *days < 1 || *days > 366 {
		fs.Usage()
		return 2
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces openers: opening %s: %v\n", redactDSN(*dsn), err)
		return 1
	}
	defer db.Close()
	if *ics == "" {
		openers, err := db.Openers(ctx, faces.OpenerQuery{Topic: strings.Join(rest, " "), Team: *team}, 3)
		if err != nil {
			fmt.Fprintf(stderr, "faces openers: %v\n", err)
			return 1
		}
		printOpeners(stdout, openers)
		return 0
	}
	var in io.Reader = stdin
	if *ics != "-" {
		f, err := os.Open(*ics)
		if err != nil {
			fmt.Fprintf(stderr, "faces openers: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	now := faces.Now()
	cal, err := calendar.Read(in, calendar.Window{From: now, To: now.AddDate(0, 0, *days), Location: time.Local})
	if err != nil {
		fmt.Fprintf(stderr, "faces openers: %s: %v\n", *ics, err)
		return 1
	}
	for _, p := range cal.Problems {
		fmt.Fprintf(stderr, "faces openers: %s: %s\n", p.Event, p.Reason)
	}
	if len(cal.Meetings) == 0 {
		fmt.Fprintf(stdout, "No meetings in the next %d days.\n", *days)
		return 0
	}
	for i, m := range cal.Meetings {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		when := m.Start.In(time.Local).Format("Mon 2 Jan 15:04")
		if m.AllDay {
			when = m.Start.Format("Mon 2 Jan") + ", all day"
		}
		fmt.Fprintf(stdout, "%s  %s\n", when, m.Title)
		openers, err := db.Openers(ctx, m.OpenerQuery(*team), 3)
		if err != nil {
			fmt.Fprintf(stderr, "faces openers: %v\n", err)
			return 1
		}
		printOpeners(stdout, openers)
	}
	return 0
}

func printOpeners(w io.Writer, openers []*faces.Opener) {
	if len(openers) == 0 {
		fmt.Fprintln(w, "  No customer story to open with yet: write one on a customer's page.")
		return
	}
	fmt.Fprintf(w, "  Open with %s (#%d): %s\n", openers[0].Person.Name, openers[0].Person.ID, openers[0].Text)
	if len(openers[0].Why) > 0 {
		fmt.Fprintf(w, "    Why: %s.\n", strings.Join(openers[0].Why, "; "))
	}
	for _, o := range openers[1:] {
		fmt.Fprintf(w, "  Or: %s (#%d) — %s\n", o.Person.Name, o.Person.ID, o.Story.Card)
	}
}
