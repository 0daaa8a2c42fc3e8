package faces

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// Opener is a customer's story to open a meeting with, phrased to be read
// aloud in half a minute, and why it was chosen.
type Opener struct {
	Person *Person
	Story  *Story
	Text   string   // to read aloud
	Why    []string // "the story speaks of cold chain", "consent to be shown"…
	Score  float64
}

// OpenerQuery is a meeting to find an opener for.
type OpenerQuery struct {
	Topic string // the meeting's title and description, or its product area
	// Attendees are the meeting's e-mail addresses: a customer in the
	// room is not the one to tell a story about.
	Attendees []string
	// Team is the team that meets: stories it heard recently come last.
	Team string
}

// OpenerHeardFor is how long a story a team heard stays at the back.
const OpenerHeardFor = 30 * 24 * time.Hour

// OpenerService proposes meeting openers.
type OpenerService interface {
	// Openers returns the best stories for the meeting, best first, at
	// most n: relevance to the topic (story, role, company, tags, what
	// the person said and wishes), then consent and a photo, and stories
	// the team heard recently last.
	Openers(ctx context.Context, q OpenerQuery, n int) ([]*Opener, error)
	// OpenerUsed notes that a team opened a meeting with a person's story.
	OpenerUsed(ctx context.Context, team string, personID int64) error
}

// openerStopWords are words of meeting titles that say nothing of a
// topic.
var openerStopWords = map[string]bool{
	"a": true, "an": true, "and": true, "the": true, "of": true, "for": true, "to": true, "in": true, "on": true, "with": true,
	"at": true, "by": true, "from": true, "about": true, "our": true, "we": true, "us": true, "you": true, "your": true, "is": true,
	"meeting": true, "sync": true, "weekly": true, "daily": true, "monthly": true, "review": true, "call": true, "update": true,
	"team": true, "kickoff": true, "planning": true, "standup": true, "retro": true, "all": true, "hands": true, "1": true,
	"q1": true, "q2": true, "q3": true, "q4": true, "h1": true, "h2": true, "check": true, "catch": true, "up": true, "re": true,
}

// OpenerTerms are the words of a topic worth matching: lower-cased,
// without the words any meeting title has, each once, at most 12.
func OpenerTerms(topic string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(topic), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) < 2 || openerStopWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == 12 {
			break
		}
	}
	return out
}

// OpenerText phrases a story to be read aloud: "Jill Okafor, an
// operations manager at Northwind Foods, is the kind of person we are
// building this for: …".
func OpenerText(p *Person, s *Story) string {
	who := p.Name
	if c := p.Current; c != nil {
		title := strings.ToLower(c.Title[:1]) + c.Title[1:]
		if strings.ToUpper(c.Title) == c.Title { // CFO, CTO: as they are
			title = c.Title
		}
		article := "a"
		if strings.ContainsRune("aeiouAEIOU", rune(title[0])) {
			article = "an"
		}
		who += ", " + article + " " + title + " at " + c.CompanyName + ","
	}
	card := strings.TrimSpace(s.Card)
	if card != "" && !strings.ContainsRune(".!?", rune(card[len(card)-1])) {
		card += "."
	}
	return who + " is the kind of person we are building this for: " + card
}

// TeamFeed is a team's calendar, which Faces serves back as a feed the
// team subscribes to, each meeting's description opening with its
// opener. The calendar comes from a web address (a calendar's secret
// iCalendar address, fetched when the feed is) or an uploaded file.
type TeamFeed struct {
	Team      string
	SourceURL string // "" when the calendar was uploaded
	Uploaded  []byte // the uploaded calendar, when there is no SourceURL
	UpdatedBy int64
	UpdatedAt time.Time
}

// FeedTokenPrefix starts every feed token, so a leaked one is recognized.
const FeedTokenPrefix = "faces_feed_"

// TeamFeedService keeps teams' calendar feeds.
type TeamFeedService interface {
	// SetTeamFeed sets a team's calendar and returns the new secret of its
	// feed's address (the old address stops working).
	SetTeamFeed(ctx context.Context, f *TeamFeed) (token string, err error)
	// TeamFeed returns a team's feed settings, or ENOTFOUND.
	TeamFeed(ctx context.Context, team string) (*TeamFeed, error)
	// TeamFeedByToken returns the feed a secret opens, or ENOTFOUND.
	TeamFeedByToken(ctx context.Context, token string) (*TeamFeed, error)
	DeleteTeamFeed(ctx context.Context, team string) error
}
