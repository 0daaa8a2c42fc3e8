package faces

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Lists are built for a million records: each page continues after the
// last record of the one before (a cursor naming its sort key and id), not
// after an offset that the database would have to count its way to, and
// a list counts its matches only up to CountCap.

// CountCap is how far a list counts: past it, a total reads "10,000+".
const CountCap = 10_000

// CountText shows a capped total: "1,234", or "10,000+".
func CountText(n int) string {
	if n > CountCap {
		return thousands(CountCap) + "+"
	}
	return thousands(n)
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// A Cursor names a place in a sorted list: the sort key of the last
// record seen and its id. It travels as an opaque string.
type Cursor struct {
	Key string // text key (a name), or a time in RFC 3339 for time-sorted lists
	ID  int64
}

// String encodes the cursor for a URL.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.ID, 10) + ":" + c.Key))
}

// Time reads the key of a time-sorted list's cursor.
func (c Cursor) Time() (time.Time, error) { return time.Parse(time.RFC3339Nano, c.Key) }

// ParseCursor reads a cursor; "" is the start of the list.
func ParseCursor(s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := &Error{Code: EINVALID, Message: "The page cannot be found.", Fields: map[string]string{"after": "Not a cursor from a previous page."}}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	id, key, ok := strings.Cut(string(b), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 {
		return nil, bad
	}
	return &Cursor{Key: key, ID: n}, nil
}

// TimeCursor is the cursor of a record in a time-sorted list.
func TimeCursor(t time.Time, id int64) Cursor {
	return Cursor{Key: t.UTC().Format(time.RFC3339Nano), ID: id}
}

// DayCursor is the cursor of a record in a list sorted by day (visits,
// events).
func DayCursor(day time.Time, id int64) Cursor {
	return Cursor{Key: day.Format(time.DateOnly), ID: id}
}

// Day reads the key of a day-sorted list's cursor.
func (c Cursor) Day() (time.Time, error) { return time.Parse(time.DateOnly, c.Key) }

// PersonSort is the order of a list of people.
type PersonSort string

// The orders of people lists.
const (
	ByName    PersonSort = "name"    // A to Z
	ByChanged PersonSort = "changed" // most recently changed first
	// ByCompany lists people by the name of the company they are at now,
	// then by name; people at no company come last.
	ByCompany PersonSort = "company"
)

// Valid tells whether s is one of the orders ("" is by name).
func (s PersonSort) Valid() bool { return s == "" || s == ByName || s == ByChanged || s == ByCompany }

// CursorOf is the cursor after p in a list in this order.
func (s PersonSort) CursorOf(p *Person) Cursor {
	switch s {
	case ByChanged:
		return TimeCursor(p.UpdatedAt, p.ID)
	case ByCompany:
		c := CompanyCursor{PersonName: p.Name, PersonID: p.ID}
		if p.Current != nil {
			c.CompanyID, c.CompanyName = p.Current.CompanyID, p.Current.CompanyName
		}
		return c.Cursor()
	}
	return Cursor{Key: p.Name, ID: p.ID}
}

// CompanyCursor is a place in a list of people by company: the company
// (0 for people at none, who come last) and the person.
type CompanyCursor struct {
	CompanyID   int64
	CompanyName string
	PersonName  string
	PersonID    int64
}

// Cursor encodes the place as a list cursor. The company's name is
// written with its length before it, so no character in a name can
// confuse where it ends.
func (c CompanyCursor) Cursor() Cursor {
	return Cursor{Key: strconv.FormatInt(c.CompanyID, 10) + ":" + strconv.Itoa(len(c.CompanyName)) + ":" + c.CompanyName + c.PersonName, ID: c.PersonID}
}

// CompanyCursorOf reads a cursor of a list by company.
func CompanyCursorOf(c Cursor) (CompanyCursor, error) {
	bad := &Error{Code: EINVALID, Message: "The page cannot be found.", Fields: map[string]string{"after": "Not a cursor of this order."}}
	id, rest, ok1 := strings.Cut(c.Key, ":")
	n, rest, ok2 := strings.Cut(rest, ":")
	companyID, err1 := strconv.ParseInt(id, 10, 64)
	length, err2 := strconv.Atoi(n)
	if !ok1 || !ok2 || err1 != nil || err2 != nil || companyID < 0 || length < 0 || length > len(rest) {
		return CompanyCursor{}, bad
	}
	return CompanyCursor{CompanyID: companyID, CompanyName: rest[:length], PersonName: rest[length:], PersonID: c.ID}, nil
}
