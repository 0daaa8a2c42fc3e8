package contacts

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/faces-org/faces"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// read reads a CSV file's contacts and problems.
func read(t *testing.T, data []byte) (*CSV, []*faces.Contact, []faces.LineProblem, error) {
	t.Helper()
	c, err := ReadCSV(bytes.NewReader(data))
	if err != nil {
		return nil, nil, nil, err
	}
	var got []*faces.Contact
	var problems []faces.LineProblem
	for ct, err := range c.Contacts() {
		var p faces.LineProblem
		switch {
		case errors.As(err, &p):
			problems = append(problems, p)
		case err != nil:
			return c, got, problems, err
		default:
			got = append(got, ct)
		}
	}
	return c, got, problems, nil
}

// The column names of the common exports are recognized without help.
func TestRecognizeCRMExports(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header string
		row    string
		want   faces.Contact
	}{
		{"HubSpot", "Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Lifecycle Stage,Associated Company",
			"1,Jill,Okafor,jill@acme.example,+1 555 0100,Acme,Operations Manager,customer,Acme Corp",
			faces.Contact{Name: "Jill Okafor", Emails: []string{"jill@acme.example"}, Phones: []string{"+1 555 0100"}, Company: "Acme", Title: "Operations Manager"}},
		{"Salesforce", `"First Name","Last Name","Title","Account Name","Mailing City","Phone","Mobile","Email","Description","Contact Owner"`,
			`"Bob","Stone","CFO","Globex","Springfield","555-0101","555-0102","bob@globex.example","Met at the fair.","Ada"`,
			faces.Contact{Name: "Bob Stone", Emails: []string{"bob@globex.example"}, Phones: []string{"555-0101", "555-0102"}, Company: "Globex", Title: "CFO", Notes: "Met at the fair."}},
		{"Google (old)", "Name,Given Name,Additional Name,Family Name,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Website 1 - Value",
			"Ann Lee,Ann,,Lee,Loves dashboards,* myContacts ::: Customers,* Work,ann@acme.example ::: ann.lee@acme.example,Mobile,+44 20 7946 0000,Acme,Head of Data,www.acme.example/ann",
			faces.Contact{Name: "Ann Lee", Emails: []string{"ann@acme.example", "ann.lee@acme.example"}, Phones: []string{"+44 20 7946 0000"}, Links: []string{"https://www.acme.example/ann"},
				Tags: []string{"Customers"}, Company: "Acme", Title: "Head of Data", Notes: "Loves dashboards"}},
		{"Google (new)", "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Labels,Notes",
			"Kim,J.,Park,Initech,Buyer,Work,kim@initech.example,Work,555-0103,VIP ::: * myContacts,",
			faces.Contact{Name: "Kim J. Park", Emails: []string{"kim@initech.example"}, Phones: []string{"555-0103"}, Tags: []string{"VIP"}, Company: "Initech", Title: "Buyer"}},
		{"Outlook", "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Phone,Mobile Phone,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,Notes,Categories,Web Page",
			"Dr.,Lena,,Vogel,,Umbrella,R&D,Lab Director,+49 30 1234,,lena@umbrella.example,SMTP,Lena Vogel (lena@umbrella.example),lena.v@umbrella.example,,Key account;Research,https://umbrella.example",
			faces.Contact{Name: "Lena Vogel", Emails: []string{"lena@umbrella.example", "lena.v@umbrella.example"}, Phones: []string{"+49 30 1234"}, Links: []string{"https://umbrella.example"},
				Tags: []string{"Key account", "Research"}, Company: "Umbrella", Division: "R&D", Title: "Lab Director"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got, problems, err := read(t, []byte(tc.header+"\n"+tc.row+"\n"))
			if err != nil || len(problems) > 0 || len(got) != 1 {
				t.Fatalf("%v %v %v", got, problems, err)
			}
			tc.want.Line = 2
			if !reflect.DeepEqual(*got[0], tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got[0], tc.want)
			}
		})
	}
}

// Files come in every encoding and shape; each is read or refused with
// its line and a reason.
func TestCSVShapes(t *testing.T) {
	utf16 := func(s string) []byte {
		b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		return b
	}
	latin1, _ := charmap.Windows1252.NewEncoder().Bytes([]byte("Name,Company,Title\nJosé Müller,Société Générale,Directeur\n"))
	for _, tc := range []struct {
		name     string
		data     []byte
		encoding string
		names    []string
		problems []string
	}{
		{"UTF-8 with a byte-order mark", append([]byte{0xEF, 0xBB, 0xBF}, "Name,Email\nZoë Ng,zoe@x.example\n"...), "UTF-8", []string{"Zoë Ng"}, nil},
		{"UTF-16 from Outlook", utf16("First Name\tLast Name\tE-mail Address\r\nLi\tWei\tli@x.example\r\n"), "UTF-16", []string{"Li Wei"}, nil},
		{"Windows-1252", latin1, "Windows-1252", []string{"José Müller"}, nil},
		{"semicolons", []byte("Name;Company;Title\nAna Silva;Acme;CTO\n"), "UTF-8", []string{"Ana Silva"}, nil},
		{"quoted newlines and quotes", []byte("Name,Notes\n\"Sam \"\"Sammy\"\" Roe\",\"Line one\nLine two\"\nTed Ode,x\n"), "UTF-8",
			[]string{`Sam "Sammy" Roe`, "Ted Ode"}, nil},
		{"a bare quote, a missing name", []byte("Name,Email\nAl \"Big\" Bo,al@x.example\n,nobody@x.example\nCy Dee,cy@x.example\n"), "UTF-8",
			[]string{"Cy Dee"}, []string{`line 2: a quote (")`, "line 3: There is no name."}},
		{"ragged rows and blank lines", []byte("Name,Email,Company\nEd Fay\n\n,,\nGo Ha,go@x.example,Acme,extra\n"), "UTF-8", []string{"Ed Fay", "Go Ha"}, nil},
		{"invalid UTF-8 further down", append([]byte("Name\n"+strings.Repeat("Ok Name\n", 10000)), "Bad \xff Name\nIs Fine\n"...), "UTF-8",
			nil, []string{"line 10002: Column “Name” is not valid UTF-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, got, problems, err := read(t, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if c.Encoding != tc.encoding {
				t.Errorf("encoding %s, want %s", c.Encoding, tc.encoding)
			}
			var names []string
			for _, ct := range got {
				names = append(names, ct.Name)
			}
			if tc.names != nil && !reflect.DeepEqual(names, tc.names) {
				t.Errorf("names %q, want %q", names, tc.names)
			}
			if len(problems) != len(tc.problems) {
				t.Fatalf("problems %v, want %v", problems, tc.problems)
			}
			for i, p := range problems {
				if !strings.HasPrefix(p.Error(), tc.problems[i]) {
					t.Errorf("problem %q, want %q…", p.Error(), tc.problems[i])
				}
			}
		})
	}
}

// A file without line breaks is refused before it fills the memory.
func TestHugeLine(t *testing.T) {
	data := "Name,Notes\nAl Bo,\"" + strings.Repeat("x", 3*MaxLineBytes) + "\"\n"
	_, _, _, err := read(t, []byte(data))
	if err == nil || !strings.Contains(err.Error(), "longer than 1 MB") {
		t.Errorf("a 3 MB line: %v", err)
	}
	if _, err := ReadCSV(strings.NewReader(strings.Repeat("Name,", MaxLineBytes))); err == nil || !strings.Contains(faces.ErrorMessage(err), "longer than 1 MB") {
		t.Errorf("a 5 MB header: %v", err)
	}
}

func TestMap(t *testing.T) {
	c, err := ReadCSV(strings.NewReader("Full Name,Lifecycle Stage,Firm\nAl Bo,customer,Acme\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Ignored(); !reflect.DeepEqual(got, []string{"Lifecycle Stage", "Firm"}) {
		t.Errorf("ignored %q", got)
	}
	if err := c.Map("lifecycle stage", FieldTags); err != nil {
		t.Fatal(err)
	}
	if err := c.Map("Firm", "employer"); err == nil {
		t.Error("mapped to a field that does not exist")
	}
	if err := c.Map("Nope", FieldCompany); err == nil {
		t.Error("mapped a column that does not exist")
	}
	c.Map("Firm", FieldCompany)
	for ct, err := range c.Contacts() {
		if err != nil || ct.Company != "Acme" || !reflect.DeepEqual(ct.Tags, []string{"customer"}) {
			t.Errorf("%+v %v", ct, err)
		}
	}
}

func TestSniff(t *testing.T) {
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("BEGIN:VCARD\r\nVERSION:3.0\r\n"))
	for in, want := range map[string]string{
		"BEGIN:VCARD\r\nVERSION:2.1\r\n":             FormatVCard,
		"\xEF\xBB\xBF\r\n begin:vcard\r\n":           FormatVCard,
		string(utf16):                                FormatVCard,
		"BEGIN:VCALENDAR\r\n":                        FormatICalendar,
		"Name,Email\nAl,al@x\n":                      FormatCSV,
		"Name;Soci\xe9t\xe9\n":                       FormatCSV,
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR":        "",
		"":                                           "",
		"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00": "",
	} {
		if got := Sniff([]byte(in)); got != want {
			t.Errorf("Sniff(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCSV feeds the reader anything: it must neither panic nor yield a
// contact without a name.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("Name,Email\nAl Bo,al@x.example\n"))
	f.Add([]byte("First Name;Last Name\n\"A\"\"\";B\n"))
	f.Add([]byte{0xFF, 0xFE, 'N', 0, 'a', 0})
	f.Add([]byte("Name\n\"unclosed\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ReadCSV(bytes.NewReader(data))
		if err != nil {
			return
		}
		for ct, err := range c.Contacts() {
			if err == nil && strings.TrimSpace(ct.Name) == "" {
				t.Fatalf("a contact without a name from %q", data)
			}
		}
	})
}
