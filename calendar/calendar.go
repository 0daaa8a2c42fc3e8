// Package calendar reads and writes iCalendar (RFC 5545): the meetings of
// a team's calendar export or feed, with their organizers and attendees,
// in their time zones, all-day or timed, and recurring meetings expanded
// within a bounded window only. It is parsed and written by go-ical, and
// recurrences by rrule-go; this package bounds what a hostile file can
// cost (its size, its nesting, a rule that would never end) and turns the
// events into plain meetings.
package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones by name, on a machine without its own database

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/faces-org/faces"
)

// Limits on what a file may cost.
const (
	MaxBytes = 20 << 20 // a calendar file or feed
	// MaxDepth is how deeply components may nest: a calendar holds events,
	// which hold alarms; nothing real goes deeper.
	MaxDepth = 8
	// MaxOccurrences is how many times one recurring meeting is listed
	// within the window.
	MaxOccurrences = 1000
	// maxSteps is how many occurrences of one rule are looked at, in or
	// before the window, before the rule is given up as too dense.
	maxSteps = 100_000
	// maxExpanding is how long expanding all of a file's recurrences may
	// take: a file of thousands of rules that match almost nothing (each
	// costs rrule-go a scan of the years) cannot hold the server longer.
	maxExpanding = 5 * time.Second
)

// Person is an organizer or attendee: a name and an e-mail address.
type Person struct {
	Name  string
	Email string
}

// Meeting is one occurrence of an event.
type Meeting struct {
	UID         string
	Title       string
	Description string
	Location    string
	Start, End  time.Time
	AllDay      bool // Start and End are days (End the day after the last)
	Organizer   Person
	Attendees   []Person
	Recurring   bool // one occurrence of a recurring event
}

// Problem is an event that could not be read, or not whole.
type Problem struct {
	Event  string // its title, or its UID
	Reason string
}

// Window bounds the meetings read: those that overlap [From, To).
// Location is the time zone of times the file gives without one (a
// "floating" time); UTC when nil.
type Window struct {
	From, To time.Time
	Location *time.Location
}

// Calendar is what a file holds within the window.
type Calendar struct {
	Name     string
	Meetings []Meeting // by start
	Problems []Problem
}

// ErrNotCalendar is what a file that is not iCalendar gets.
var ErrNotCalendar = errors.New("this is not an iCalendar file (it does not start with BEGIN:VCALENDAR)")

// Read reads a calendar's meetings within the window. A file larger than
// MaxBytes, nested deeper than MaxDepth or malformed is an error; an
// event that cannot be read is a problem, and the others are read.
func Read(r io.Reader, w Window) (*Calendar, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("the calendar is larger than %d MB", MaxBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if err := checkShape(data); err != nil {
		return nil, err
	}
	cal, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("the calendar could not be read: %v", strings.TrimPrefix(err.Error(), "ical: "))
	}
	if w.Location == nil {
		w.Location = time.UTC
	}
	if tz, err := cal.Props.Text("X-WR-TIMEZONE"); err == nil && tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			w.Location = loc
		}
	}
	out := &Calendar{}
	out.Name, _ = cal.Props.Text("X-WR-CALNAME")
	events := cal.Events()
	// Occurrences moved or changed one by one (RECURRENCE-ID) replace
	// the rule's.
	moved := map[string]bool{}
	for _, e := range events {
		if id := e.Props.Get(ical.PropRecurrenceID); id != nil {
			if t, err := id.DateTime(w.Location); err == nil {
				moved[uid(e)+"|"+t.UTC().Format(time.RFC3339)] = true
			}
		}
	}
	deadline := time.Now().Add(maxExpanding)
	for _, e := range events {
		if status, _ := e.Props.Text(ical.PropStatus); strings.EqualFold(status, "CANCELLED") {
			continue
		}
		ms, problem := safeMeetings(e, w, moved, deadline)
		out.Meetings = append(out.Meetings, ms...)
		if problem != "" {
			out.Problems = append(out.Problems, Problem{Event: name(e), Reason: problem})
		}
	}
	slices.SortStableFunc(out.Meetings, func(a, b Meeting) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// decode parses the calendar with go-ical, which panics on some malformed
// lines (a parameter cut off at the end of its line): a panic is an error
// like any other malformed file.
func decode(data []byte) (cal *ical.Calendar, err error) {
	defer func() {
		if p := recover(); p != nil {
			cal, err = nil, fmt.Errorf("malformed line (%v)", p)
		}
	}()
	return ical.NewDecoder(bytes.NewReader(data)).Decode()
}

// safeMeetings is meetings, with a panic in the libraries under it (on an
// event no one wrote on purpose) turned into a problem with the event.
func safeMeetings(e ical.Event, w Window, moved map[string]bool, deadline time.Time) (ms []Meeting, problem string) {
	defer func() {
		if p := recover(); p != nil {
			ms, problem = nil, fmt.Sprintf("It cannot be read (%v).", p)
		}
	}()
	return meetings(e, w, moved, deadline)
}

// checkShape refuses, before parsing, what is not a calendar and a file
// nested deeper than a calendar is (which would cost the parser's
// recursion its stack).
func checkShape(data []byte) error {
	first := bytes.TrimLeft(data, " \t\r\n")
	if !bytes.HasPrefix(bytes.ToUpper(first[:min(len(first), 15)]), []byte("BEGIN:VCALENDAR")) {
		return ErrNotCalendar
	}
	depth := 0
	for line := range bytes.Lines(data) {
		switch upper := bytes.ToUpper(bytes.TrimSpace(line)); {
		case bytes.HasPrefix(upper, []byte("BEGIN:")):
			if depth++; depth > MaxDepth {
				return fmt.Errorf("the calendar nests components more than %d deep", MaxDepth)
			}
		case bytes.HasPrefix(upper, []byte("END:")):
			depth--
		}
	}
	return nil
}

func uid(e ical.Event) string {
	u, _ := e.Props.Text(ical.PropUID)
	return u
}

func name(e ical.Event) string {
	if s, _ := e.Props.Text(ical.PropSummary); s != "" {
		return s
	}
	if u := uid(e); u != "" {
		return u
	}
	return "an event without a title"
}

// meetings lists an event's occurrences within the window.
func meetings(e ical.Event, w Window, moved map[string]bool, deadline time.Time) ([]Meeting, string) {
	start := e.Props.Get(ical.PropDateTimeStart)
	if start == nil {
		return nil, "It has no start (DTSTART)."
	}
	m := Meeting{UID: uid(e), AllDay: start.ValueType() == ical.ValueDate || len(start.Value) == len("20060102")}
	m.Title, _ = e.Props.Text(ical.PropSummary)
	m.Description, _ = e.Props.Text(ical.PropDescription)
	m.Location, _ = e.Props.Text(ical.PropLocation)
	var err error
	if m.Start, err = dateTime(start, w.Location); err != nil {
		return nil, "Its start cannot be read: " + err.Error() + "."
	}
	length, problem := duration(e, m, w.Location)
	if problem != "" {
		return nil, problem
	}
	if o := e.Props.Get(ical.PropOrganizer); o != nil {
		m.Organizer = person(o)
	}
	for _, a := range e.Props.Values(ical.PropAttendee) {
		if p := person(&a); p.Email != "" || p.Name != "" {
			m.Attendees = append(m.Attendees, p)
		}
	}
	rule := e.Props.Get(ical.PropRecurrenceRule)
	if rule == nil || e.Props.Get(ical.PropRecurrenceID) != nil {
		m.End = m.Start.Add(length)
		if overlaps(m, w) {
			return []Meeting{m}, ""
		}
		return nil, ""
	}
	if time.Now().After(deadline) {
		return nil, fmt.Sprintf("Not expanded: the calendar's recurring meetings took more than %s to expand.", maxExpanding)
	}
	return occurrences(e, m, length, w, moved)
}

// duration is how long the event lasts: DTEND, DURATION, or a day for an
// all-day event and nothing for a timed one.
func duration(e ical.Event, m Meeting, loc *time.Location) (time.Duration, string) {
	if end := e.Props.Get(ical.PropDateTimeEnd); end != nil {
		t, err := dateTime(end, loc)
		if err != nil {
			return 0, "Its end cannot be read: " + err.Error() + "."
		}
		if t.Before(m.Start) {
			return 0, "It ends before it starts."
		}
		return t.Sub(m.Start), ""
	}
	if d := e.Props.Get(ical.PropDuration); d != nil {
		length, err := d.Duration()
		if err != nil || length < 0 {
			return 0, "Its duration cannot be read."
		}
		return length, ""
	}
	if m.AllDay {
		return 24 * time.Hour, ""
	}
	return 0, ""
}

// dateTime reads a date or a date-time in its time zone. A zone the Go
// time zone database does not know (Outlook's Windows names) is read as
// the window's.
func dateTime(p *ical.Prop, loc *time.Location) (time.Time, error) {
	t, err := p.DateTime(loc)
	if err != nil && p.Params.Get(ical.PropTimezoneID) != "" {
		q := *p
		q.Params = ical.Params{}
		for k, v := range p.Params {
			if k != ical.PropTimezoneID {
				q.Params[k] = v
			}
		}
		if zone, ok := windowsZones[p.Params.Get(ical.PropTimezoneID)]; ok {
			if l, err := time.LoadLocation(zone); err == nil {
				loc = l
			}
		}
		return q.DateTime(loc)
	}
	return t, err
}

// windowsZones maps the Windows time zone names Outlook and Exchange
// write as TZIDs to IANA names, for the most common zones.
var windowsZones = map[string]string{
	"GMT Standard Time": "Europe/London", "W. Europe Standard Time": "Europe/Berlin", "Romance Standard Time": "Europe/Paris",
	"Central Europe Standard Time": "Europe/Budapest", "Central European Standard Time": "Europe/Warsaw",
	"E. Europe Standard Time": "Europe/Chisinau", "FLE Standard Time": "Europe/Kiev", "GTB Standard Time": "Europe/Bucharest",
	"Russian Standard Time": "Europe/Moscow", "Eastern Standard Time": "America/New_York", "Central Standard Time": "America/Chicago",
	"Mountain Standard Time": "America/Denver", "US Mountain Standard Time": "America/Phoenix", "Pacific Standard Time": "America/Los_Angeles",
	"Alaskan Standard Time": "America/Anchorage", "Hawaiian Standard Time": "Pacific/Honolulu", "Atlantic Standard Time": "America/Halifax",
	"E. South America Standard Time": "America/Sao_Paulo", "India Standard Time": "Asia/Kolkata", "China Standard Time": "Asia/Shanghai",
	"Tokyo Standard Time": "Asia/Tokyo", "Singapore Standard Time": "Asia/Singapore", "AUS Eastern Standard Time": "Australia/Sydney",
	"New Zealand Standard Time": "Pacific/Auckland", "South Africa Standard Time": "Africa/Johannesburg", "Arabian Standard Time": "Asia/Dubai",
	"UTC": "UTC", "Coordinated Universal Time": "UTC",
}

// person reads an ORGANIZER or ATTENDEE: "mailto:" address and CN name.
func person(p *ical.Prop) Person {
	email := strings.TrimSpace(p.Value)
	if len(email) >= 7 && strings.EqualFold(email[:7], "mailto:") {
		email = email[7:]
	}
	if !strings.Contains(email, "@") {
		email = ""
	}
	return Person{Name: strings.Trim(p.Params.Get("CN"), `"`), Email: email}
}

func overlaps(m Meeting, w Window) bool {
	end := m.End
	if end.Equal(m.Start) {
		end = end.Add(time.Nanosecond) // an instant is in the window it falls in
	}
	return end.After(w.From) && m.Start.Before(w.To)
}

// occurrences expands a recurring event within the window, looking at no
// more than maxSteps of its occurrences: a rule that would run for ever
// (FREQ=SECONDLY without an end) is given up with a problem, never
// followed.
func occurrences(e ical.Event, m Meeting, length time.Duration, w Window, moved map[string]bool) ([]Meeting, string) {
	opt, err := e.Props.RecurrenceRule()
	if err != nil || opt == nil {
		return nil, "Its recurrence rule cannot be read."
	}
	if opt.Freq == rrule.SECONDLY || opt.Freq == rrule.MINUTELY {
		return nil, "It recurs every second or minute; no meeting does, so it was not expanded."
	}
	opt.Dtstart = m.Start
	rule, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, "Its recurrence rule cannot be read: " + err.Error() + "."
	}
	set := &rrule.Set{}
	set.RRule(rule)
	for _, kind := range []string{ical.PropExceptionDates, ical.PropRecurrenceDates} {
		for _, p := range e.Props.Values(kind) {
			for _, v := range strings.Split(p.Value, ",") {
				q := p
				q.Value = strings.TrimSpace(v)
				t, err := dateTime(&q, w.Location)
				if err != nil {
					continue
				}
				if kind == ical.PropExceptionDates {
					set.ExDate(t)
				} else {
					set.RDate(t)
				}
			}
		}
	}
	var out []Meeting
	next := set.Iterator()
	for steps := 0; ; steps++ {
		t, ok := next()
		switch {
		case !ok || !t.Before(w.To):
			return out, ""
		case steps == maxSteps:
			return out, fmt.Sprintf("It recurs too often to follow (more than %d times before the window ends); only the first were read.", maxSteps)
		case len(out) == MaxOccurrences:
			return out, fmt.Sprintf("It occurs more than %d times in the window; only the first %d were read.", MaxOccurrences, MaxOccurrences)
		}
		o := m
		o.Start, o.End, o.Recurring = t, t.Add(length), true
		if overlaps(o, w) && !moved[m.UID+"|"+t.UTC().Format(time.RFC3339)] {
			out = append(out, o)
		}
	}
}

// OpenerQuery is what the meeting's opener is looked for by: its title
// and description, and who is in it (not to be told about themselves).
func (m Meeting) OpenerQuery(team string) faces.OpenerQuery {
	q := faces.OpenerQuery{Topic: m.Title + " " + m.Description, Team: team}
	for _, p := range append([]Person{m.Organizer}, m.Attendees...) {
		if p.Email != "" {
			q.Attendees = append(q.Attendees, p.Email)
		}
	}
	return q
}
