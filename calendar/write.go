package calendar

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/faces-org/faces/internal/fold"
)

// Feed is a calendar to write: its name, its meetings (each with a UID
// that stays the same from one fetch of the feed to the next), and when it
// is written (each event's DTSTAMP).
type Feed struct {
	Name     string
	Meetings []Meeting
	Now      time.Time
}

// Write writes the feed as iCalendar 2.0, encoded by go-ical, lines folded
// at 75 octets, times in UTC (all-day meetings as dates).
func Write(w io.Writer, f Feed) error {
	bw := bufio.NewWriter(w)
	out := fold.NewWriter(bw)
	if len(f.Meetings) == 0 {
		// go-ical refuses a calendar without components; calendar clients
		// take an empty feed as it is.
		fmt.Fprintf(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:%s\r\nX-WR-CALNAME:%s\r\nEND:VCALENDAR\r\n", productID, escapeText(f.Name))
		return bw.Flush()
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, productID)
	if f.Name != "" {
		cal.Props.SetText("X-WR-CALNAME", f.Name)
	}
	for _, m := range f.Meetings {
		e := ical.NewEvent()
		e.Props.SetText(ical.PropUID, m.UID)
		e.Props.SetDateTime(ical.PropDateTimeStamp, f.Now.UTC())
		if m.AllDay {
			e.Props.SetDate(ical.PropDateTimeStart, m.Start)
			e.Props.SetDate(ical.PropDateTimeEnd, m.End)
		} else {
			e.Props.SetDateTime(ical.PropDateTimeStart, m.Start.UTC())
			e.Props.SetDateTime(ical.PropDateTimeEnd, m.End.UTC())
		}
		for prop, text := range map[string]string{ical.PropSummary: m.Title, ical.PropDescription: m.Description, ical.PropLocation: m.Location} {
			if text != "" {
				e.Props.SetText(prop, text)
			}
		}
		if m.Organizer.Email != "" {
			e.Props.Set(address(ical.PropOrganizer, m.Organizer))
		}
		for _, a := range m.Attendees {
			if a.Email != "" {
				e.Props.Add(address(ical.PropAttendee, a))
			}
		}
		cal.Children = append(cal.Children, e.Component)
	}
	if err := ical.NewEncoder(out).Encode(cal); err != nil {
		return err
	}
	return bw.Flush()
}

// productID names the program that wrote a calendar (PRODID).
const productID = "-//Faces//Faces//EN"

// address makes an ORGANIZER or ATTENDEE of a person.
func address(name string, p Person) *ical.Prop {
	prop := ical.NewProp(name)
	prop.Value = "mailto:" + p.Email
	if n := strings.NewReplacer(`"`, "", "\r", " ", "\n", " ").Replace(p.Name); n != "" {
		prop.Params.Set("CN", n)
	}
	return prop
}

// escapeText escapes a TEXT value (RFC 5545, section 3.3.11).
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`).Replace(s)
}
