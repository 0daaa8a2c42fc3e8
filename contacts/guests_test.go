package contacts

import (
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

func TestReadGuestList(t *testing.T) {
	csvList := "First Name,Last Name,Email,Company,Job Title,Dietary needs\n" +
		"Susan,Achterberg,susan@acme.example,Acme,COO,none\n" +
		",,,,,\n" +
		"\"Broken,Row\n"
	gl, err := ReadGuestList([]byte(csvList))
	if err != nil {
		t.Fatal(err)
	}
	if gl.Format != FormatCSV || len(gl.Guests) != 1 || gl.Guests[0].Name != "Susan Achterberg" || gl.Guests[0].Company != "Acme" || gl.Guests[0].Title != "COO" {
		t.Errorf("the CSV guest list: %+v %+v", gl, gl.Guests)
	}
	if len(gl.Problems) != 1 || gl.Problems[0].Line != 4 || len(gl.Ignored) != 1 || gl.Ignored[0] != "Dietary needs" {
		t.Errorf("problems %+v, ignored %q", gl.Problems, gl.Ignored)
	}

	ics := strings.ReplaceAll(`BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:1
DTSTART:20261210T090000Z
DTEND:20261210T170000Z
RRULE:FREQ=DAILY;COUNT=2
SUMMARY:Summit
ORGANIZER;CN=Ada:mailto:ada@faces.example
ATTENDEE;CN="Jill Okafor":mailto:jill@globex.example
ATTENDEE:mailto:nameless@globex.example
END:VEVENT
END:VCALENDAR
`, "\n", "\r\n")
	gl, err = ReadGuestList([]byte(ics))
	if err != nil {
		t.Fatal(err)
	}
	if gl.Unit != "attendee" || len(gl.Guests) != 3 || gl.Guests[1].Name != "Jill Okafor" || gl.Guests[2].Name != "" || gl.Guests[2].Line != 3 {
		t.Errorf("attendees, each once: %+v", gl.Guests)
	}

	for _, bad := range []string{"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "\x00\x01binary", "Email,Company\nx@y.example,Acme\n"} {
		if _, err := ReadGuestList([]byte(bad)); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("ReadGuestList(%q): %v", bad, err)
		}
	}
	if _, err := ReadGuestList(make([]byte, faces.MaxGuestListBytes+1)); faces.ErrorCode(err) != faces.EINVALID {
		t.Errorf("a list too large: %v", err)
	}
}
