package calendar

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

var november = Window{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}

func TestReadTeamCalendar(t *testing.T) {
	f, err := os.Open("testdata/team.ics")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := Read(f, november)
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	type seen struct {
		title string
		start time.Time
	}
	var got []seen
	for _, m := range cal.Meetings {
		got = append(got, seen{m.Title, m.Start})
	}
	want := []seen{
		{"Weekly standup, ops", time.Date(2026, 11, 2, 9, 30, 0, 0, berlin)},
		{"Weekly standup, ops", time.Date(2026, 11, 9, 9, 30, 0, 0, berlin)},
		// The 16th is an exception; the 23rd moved to the 24th.
		{"Customer day", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{"Weekly standup (moved)", time.Date(2026, 11, 24, 10, 0, 0, 0, berlin)},
		{"Acme account review", time.Date(2026, 11, 25, 14, 0, 0, 0, berlin)},
		{"Weekly standup, ops", time.Date(2026, 11, 30, 9, 30, 0, 0, berlin)},
	}
	if len(got) != len(want) {
		t.Fatalf("meetings %v", got)
	}
	for i := range want {
		if got[i].title != want[i].title || !got[i].start.Equal(want[i].start) {
			t.Errorf("meeting %d: %v, want %v", i, got[i], want[i])
		}
	}
	if cal.Name != "Team calendar" {
		t.Errorf("name %q", cal.Name)
	}
	day := cal.Meetings[2]
	if !day.AllDay || !day.End.Equal(day.Start.Add(24*time.Hour)) {
		t.Errorf("the all-day meeting %+v", day)
	}
	review := cal.Meetings[4]
	if review.Organizer != (Person{"Ada Admin", "ada@faces.example"}) || review.Location != "Room Northwind" ||
		review.Description != "Renewal; their night shift\nand the docks" || review.End.Sub(review.Start) != 45*time.Minute ||
		!slices.Equal(review.Attendees, []Person{{"Jill Okafor", "jill@acme.example"}, {"Room Northwind", ""}}) {
		t.Errorf("the review %+v", review)
	}
	if standup := cal.Meetings[0]; !standup.Recurring || standup.End.Sub(standup.Start) != 30*time.Minute || len(standup.Attendees) != 1 {
		t.Errorf("the standup %+v", standup)
	}
	wantProblems := []Problem{
		{"Every second", "It recurs every second or minute; no meeting does, so it was not expanded."},
		{"Every hour since 1990", "It recurs too often to follow (more than 100000 times before the window ends); only the first were read."},
		{"No start", "It has no start (DTSTART)."},
	}
	if !slices.Equal(cal.Problems, wantProblems) {
		t.Errorf("problems %q", cal.Problems)
	}
}

// A rule that would never end is given up, never followed (a test that
// ran away would hang here).
func TestRunawayRulesAreBounded(t *testing.T) {
	for _, rule := range []string{"FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=1", "FREQ=HOURLY", "FREQ=DAILY;COUNT=100000000"} {
		ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:R\r\nDTSTART:19700101T000000Z\r\nRRULE:" + rule + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		cal, err := Read(strings.NewReader(ics), Window{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if len(cal.Meetings) > MaxOccurrences || len(cal.Problems) != 1 {
			t.Errorf("%s: %d meetings, problems %q", rule, len(cal.Meetings), cal.Problems)
		}
	}
}

func TestReadRefusesBadFiles(t *testing.T) {
	deep := "BEGIN:VCALENDAR\r\n" + strings.Repeat("BEGIN:X\r\n", 100000) + strings.Repeat("END:X\r\n", 100000) + "END:VCALENDAR\r\n"
	for name, tc := range map[string]struct{ file, want string }{
		"not a calendar": {"Name,Email\nJill,jill@acme.example\n", "this is not an iCalendar file"},
		"nested deep":    {deep, "nests components more than 8 deep"},
		"too large":      {"BEGIN:VCALENDAR\r\nX-PAD:" + strings.Repeat("x", MaxBytes) + "\r\nEND:VCALENDAR\r\n", "larger than 20 MB"},
		"no end":         {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n", "could not be read"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Read(strings.NewReader(tc.file), november); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v, want %q", err, tc.want)
			}
		})
	}
}

// A feed written by Faces reads back the same, and its lines are folded.
func TestWriteReadsBack(t *testing.T) {
	meetings := []Meeting{
		{UID: "opener-1@faces", Title: "Acme review; renewal, docks", Description: "Open with Jill's story:\n\"Keeps 40 trucks moving at night.\"" + strings.Repeat(" Long text.", 20),
			Location: "Room Northwind", Start: time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 25, 13, 45, 0, 0, time.UTC),
			Organizer: Person{"Ada \"the\" Admin", "ada@faces.example"}, Attendees: []Person{{"Jill Okafor", "jill@acme.example"}}},
		{UID: "day@faces", Title: "Customer day", Start: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), AllDay: true},
	}
	var buf bytes.Buffer
	if err := Write(&buf, Feed{Name: "Openers", Meetings: meetings, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(buf.String(), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
	}
	cal, err := Read(&buf, november)
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Meetings) != 2 || cal.Name != "Openers" {
		t.Fatalf("read back %+v", cal)
	}
	day, review := cal.Meetings[0], cal.Meetings[1]
	want := meetings[0]
	want.Organizer.Name = "Ada the Admin"
	if review.Title != want.Title || review.Description != want.Description || review.Location != want.Location || !review.Start.Equal(want.Start) ||
		!review.End.Equal(want.End) || review.Organizer != want.Organizer || !slices.Equal(review.Attendees, want.Attendees) {
		t.Errorf("read back %+v\nwant %+v", review, want)
	}
	if !day.AllDay || !day.Start.Equal(meetings[1].Start) || !day.End.Equal(meetings[1].End) {
		t.Errorf("the day %+v", day)
	}
	var empty bytes.Buffer
	if err := Write(&empty, Feed{Name: "Nothing, yet"}); err != nil {
		t.Fatal(err)
	}
	if got := empty.String(); got != "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Faces//Faces//EN\r\nX-WR-CALNAME:Nothing\\, yet\r\nEND:VCALENDAR\r\n" {
		t.Errorf("an empty feed: %q", got)
	}
}

// FuzzRead: any file is read or refused without panicking, in bounded
// time.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("testdata/team.ics"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cal, err := Read(bytes.NewReader(data), november)
		if err == nil && len(cal.Meetings) > 100*MaxOccurrences {
			t.Fatalf("%d meetings", len(cal.Meetings))
		}
	})
}
