package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// `faces openers --ics` reads a team's calendar and gives each coming
// meeting its opener; a past meeting and one far ahead are left out.
func TestOpenersFromACalendar(t *testing.T) {
	db := filepath.Join(t.TempDir(), "faces.db")
	if code, out, errOut := runFaces(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %s %s", out, errOut)
	}
	at := func(days int) string { return time.Now().UTC().AddDate(0, 0, days).Format("20060102T150405Z") }
	ics := fmt.Sprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"+
		"BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:%[1]s\r\nDTSTART:%[2]s\r\nDURATION:PT30M\r\nSUMMARY:Changeover times on the night shift\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:%[1]s\r\nDTSTART:%[3]s\r\nDURATION:PT1H\r\nSUMMARY:Old meeting\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:3\r\nDTSTAMP:%[1]s\r\nDTSTART:%[4]s\r\nDURATION:PT1H\r\nSUMMARY:Far ahead\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:4\r\nDTSTAMP:%[1]s\r\nDTSTART:%[2]s\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Runaway\r\nEND:VEVENT\r\n"+
		"END:VCALENDAR\r\n", at(0), at(2), at(-3), at(40))
	code, out, errOut := runFaces(t, ics, "openers", "--db", db, "--ics", "-")
	if code != 0 {
		t.Fatalf("openers: %d %s", code, errOut)
	}
	for _, want := range []string{"Changeover times on the night shift", "  Open with Jill Okafor (#", "is the kind of person we are building this for: Runs the Plant 2 night shift", "  Or: "} {
		if !strings.Contains(out, want) {
			t.Errorf("the openers lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Old meeting") || strings.Contains(out, "Far ahead") {
		t.Errorf("meetings outside the fortnight:\n%s", out)
	}
	if !strings.Contains(errOut, "Runaway: It recurs every second or minute") {
		t.Errorf("the runaway rule was not reported: %s", errOut)
	}
	code, out, _ = runFaces(t, "", "openers", "--db", db, "night", "shift", "changeover")
	if code != 0 || !strings.HasPrefix(out, "  Open with Jill Okafor") {
		t.Errorf("openers for a topic: %d\n%s", code, out)
	}
	if code, _, errOut := runFaces(t, "not a calendar", "openers", "--db", db, "--ics", "-"); code != 1 || !strings.Contains(errOut, "not an iCalendar file") {
		t.Errorf("not a calendar: %d %s", code, errOut)
	}
}
