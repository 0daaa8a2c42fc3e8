package faces

import (
	"context"
	"strings"
	"time"
	_ "time/tzdata" // screens name time zones; a machine without a zone database still knows them
)

// Screen is a display in a hall or a meeting room that shows the wall of
// faces: the general rotation, or, as a room named after a key customer
// (CompanyID set), that company's people, places and story. Its browser
// holds a long-lived token; nobody signs in on a screen.
type Screen struct {
	ID             int64
	Name           string
	Place          string
	TimeZone       string // an IANA name, for the clock a screen shows
	Orientation    string // one of Orientations
	FacesAtOnce    int
	SecondsPerCard int
	CompanyID      int64  // a room's company; 0 for the general wall
	CompanyName    string // read-only

	// Read-only, kept by the WallService.
	Paired   bool      // holds a token that has not been revoked
	PairedAt time.Time // when its current token was issued
	LastSeen time.Time // its browser's last contact
	Showing  string    // what it was last handed, in words

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Orientations are the ways a screen hangs.
var Orientations = []string{"landscape", "portrait"}

// Bounds on a screen's settings.
const (
	MaxFacesAtOnce    = 12
	MinSecondsPerCard = 5
	MaxSecondsPerCard = 3600
)

// Validate checks a screen before it is stored.
func (s *Screen) Validate() error {
	s.Name, s.Place, s.TimeZone = strings.TrimSpace(s.Name), strings.TrimSpace(s.Place), strings.TrimSpace(s.TimeZone)
	if s.TimeZone == "" {
		s.TimeZone = "UTC"
	}
	if s.Orientation == "" {
		s.Orientation = "landscape"
	}
	f := fieldErrors{}
	f.check(s.Name != "", "name", "A name is required.")
	f.length("screen", "name", s.Name)
	f.length("screen", "place", s.Place)
	f.length("screen", "time_zone", s.TimeZone)
	if _, err := time.LoadLocation(s.TimeZone); err != nil || strings.EqualFold(s.TimeZone, "local") {
		f.check(false, "time_zone", "Use a time zone name such as Europe/Berlin or America/Chicago.")
	}
	f.check(contains(Orientations, s.Orientation), "orientation", "Choose landscape or portrait.")
	f.check(s.FacesAtOnce >= 1 && s.FacesAtOnce <= MaxFacesAtOnce, "faces_at_once", "Show between 1 and 12 faces at once.")
	f.check(s.SecondsPerCard >= MinSecondsPerCard && s.SecondsPerCard <= MaxSecondsPerCard, "seconds_per_card",
		"Show each card between 5 seconds and an hour.")
	return f.err("screen")
}

// ScreenTokenPrefix marks a screen's token: it is not an API token, and a
// leaked one is recognizable.
const ScreenTokenPrefix = "facescreen_"

// PairingCodeLen is how many characters a pairing code has: short enough
// to read off a screen across a room and type, long enough that guessing
// one within the attempt limit is hopeless.
const PairingCodeLen = 8

// PairingLifetime is how long a code shown on a screen stays valid.
const PairingLifetime = 15 * time.Minute

// ScreenService keeps screens and pairs their browsers.
type ScreenService interface {
	CreateScreen(ctx context.Context, s *Screen) error
	UpdateScreen(ctx context.Context, s *Screen) error
	DeleteScreen(ctx context.Context, id int64) error
	FindScreenByID(ctx context.Context, id int64) (*Screen, error)
	FindScreenByName(ctx context.Context, name string) (*Screen, error)
	// FindScreens lists every screen by name; an organization has tens or
	// hundreds, and the list is bounded at MaxScreens.
	FindScreens(ctx context.Context) ([]*Screen, error)

	// IssueScreenToken gives the screen a new token (its old one stops
	// working) and returns it; only its hash is kept.
	IssueScreenToken(ctx context.Context, screenID int64) (string, error)
	// RevokeScreen ends the screen's token: its browser shows a pairing
	// code again.
	RevokeScreen(ctx context.Context, screenID int64) error
	// ScreenByToken returns the screen a token belongs to, or
	// EUNAUTHORIZED.
	ScreenByToken(ctx context.Context, token string) (*Screen, error)
	// NoteScreenContact records a screen's contact, and, when what it is
	// handed changed (version), what it shows now and which people it
	// shows in which period, for their wall history.
	NoteScreenContact(ctx context.Context, screenID int64, version, showing string, period WallPeriod, personIDs []int64) error

	// StartPairing makes a code for a screen's browser to show, and the
	// secret with which that browser collects its token once an admin has
	// typed the code in.
	StartPairing(ctx context.Context) (code, secret string, err error)
	// PairScreen hands the screen to the browser showing the code:
	// EINVALID when no such code is waiting.
	PairScreen(ctx context.Context, screenID int64, code string) error
	// ClaimPairing returns the token of the screen the secret's code was
	// paired with, once ("" while it waits), or ENOTFOUND once the code
	// has expired or been claimed.
	ClaimPairing(ctx context.Context, secret string) (string, error)
	// PurgePairings removes expired codes.
	PurgePairings(ctx context.Context) error
}

// MaxScreens bounds how many screens an organization registers.
const MaxScreens = 1000
