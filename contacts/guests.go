package contacts

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/calendar"
)

// GuestList is an event's guest list as a file gives it: the guests, the
// rows that could not be read, and the columns not read.
type GuestList struct {
	Format   string // FormatCSV, FormatVCard or FormatICalendar
	Unit     string // what a guest's number counts: "line", or "attendee" in a calendar
	Guests   []*faces.Contact
	Problems []faces.LineProblem
	Ignored  []string
}

// ReadGuestList reads a guest list of at most faces.MaxGuestListBytes: a
// CSV file (columns recognized as an import does: name, e-mail, company,
// title…), vCards, or an iCalendar file (its events' attendees and
// organizers, each once). Told by content, not by name.
func ReadGuestList(data []byte) (*GuestList, error) {
	if len(data) > faces.MaxGuestListBytes {
		return nil, faces.Errorf(faces.EINVALID, "The guest list is larger than %d MB.", faces.MaxGuestListBytes>>20)
	}
	gl := &GuestList{Format: Sniff(data[:min(len(data), sniffSize)]), Unit: "line"}
	switch gl.Format {
	case FormatICalendar:
		return gl, gl.readCalendar(data)
	case FormatVCard:
		cards := ReadVCards(bytes.NewReader(data))
		err := gl.collect(cards.Contacts())
		gl.Ignored = cards.Ignored()
		return gl, err
	case FormatCSV:
		c, err := ReadCSV(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if missing := c.Missing(); missing != "" {
			return nil, faces.Errorf(faces.EINVALID, "%s", missing)
		}
		err = gl.collect(c.Contacts())
		gl.Ignored = c.Ignored()
		return gl, err
	}
	return nil, faces.Errorf(faces.EINVALID, "This is not a guest list: give a CSV file, vCards or an iCalendar file.")
}

// collect keeps the contacts, and the rows that cannot be read as
// problems, up to faces.MaxGuests guests.
func (gl *GuestList) collect(contacts func(func(*faces.Contact, error) bool)) error {
	for c, err := range contacts {
		var problem faces.LineProblem
		switch {
		case errors.As(err, &problem):
			gl.Problems = append(gl.Problems, problem)
			continue
		case err != nil:
			return faces.Errorf(faces.EINVALID, "The guest list cannot be read: %v.", err)
		case c.NotAPerson != "":
			gl.Problems = append(gl.Problems, faces.LineProblem{Line: c.Line, Reason: c.NotAPerson})
			continue
		}
		if len(gl.Guests) == faces.MaxGuests {
			return faces.Errorf(faces.EINVALID, "The guest list has more than %d guests.", faces.MaxGuests)
		}
		gl.Guests = append(gl.Guests, c)
	}
	return nil
}

// readCalendar takes the attendees (and organizers) of every event in
// the file, each once: an event that recurs lists the same people.
func (gl *GuestList) readCalendar(data []byte) error {
	gl.Unit = "attendee"
	cal, err := calendar.Read(bytes.NewReader(data), calendar.Window{From: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return faces.Errorf(faces.EINVALID, "The calendar cannot be read: %v.", err)
	}
	for _, p := range cal.Problems {
		gl.Problems = append(gl.Problems, faces.LineProblem{Reason: fmt.Sprintf("%s: %s", p.Event, p.Reason)})
	}
	seen := map[string]bool{}
	for _, m := range cal.Meetings {
		for _, a := range append([]calendar.Person{m.Organizer}, m.Attendees...) {
			key := strings.ToLower(a.Email)
			if key == "" {
				key = "n:" + strings.ToLower(a.Name)
			}
			if key == "n:" || seen[key] {
				continue
			}
			seen[key] = true
			if len(gl.Guests) == faces.MaxGuests {
				return faces.Errorf(faces.EINVALID, "The calendar has more than %d attendees.", faces.MaxGuests)
			}
			c := &faces.Contact{Line: len(gl.Guests) + 1, Name: strings.TrimSpace(a.Name)}
			if a.Email != "" {
				c.Emails = []string{a.Email}
			}
			gl.Guests = append(gl.Guests, c)
		}
	}
	if len(gl.Guests) == 0 && len(gl.Problems) == 0 {
		return faces.Errorf(faces.EINVALID, "The calendar names no attendees.")
	}
	return nil
}
