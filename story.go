package faces

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Story is a person's own story: a short card that fits on a wall card,
// a longer story, and where it came from. It is about them — what they do,
// what they accomplished — not a testimonial about our product.
type Story struct {
	PersonID  int64
	Card      string
	Body      string
	Source    string // one of StorySources
	SourceOf  string // which visit, event or interview, in words
	UpdatedAt time.Time
	// AboutUs are the sentences that make it a story about our product
	// rather than about the person (the story check, by the lens, with
	// the organization's own names); none when it is about them. Set
	// when the story is saved.
	AboutUs []string
}

// StoryCheck is what Faces knows of us and of what we call our customers:
// the organization's own name and its products' names (a story that
// praises them, or speaks mostly of them, is about us; the lens never reads
// them as a customer's), our own words for our customers ("members",
// "patients": the lens reads them as it reads "customers"), and whether the
// wall leaves out cards whose story is about us.
type StoryCheck struct {
	OurNames      []string
	CustomerWords []string
	WallSkips     bool
}

// Limits on the story check's names and words.
const (
	MaxOurNames = 50
	MaxOurName  = 100
)

// Validate checks the settings; empty names and words go, and repeated ones.
func (c *StoryCheck) Validate() error {
	f := fieldErrors{}
	c.OurNames = cleanNames(c.OurNames, f, "our_names", "name")
	c.CustomerWords = cleanNames(c.CustomerWords, f, "customer_words", "word")
	return f.err("story check")
}

// cleanNames drops the empty and repeated names of a list, with its white
// space made single, and checks that the list and each name are short
// enough, as field's errors.
func cleanNames(list []string, f fieldErrors, field, noun string) []string {
	names := []string{}
	for _, n := range list {
		if n = strings.Join(strings.Fields(n), " "); n != "" && !contains(names, n) {
			names = append(names, n)
		}
	}
	f.check(len(names) <= MaxOurNames, field, fmt.Sprintf("At most %d %ss.", MaxOurNames, noun))
	for _, n := range names {
		f.check(utf8.RuneCountInString(n) <= MaxOurName, field, fmt.Sprintf("A %s holds at most %d characters.", noun, MaxOurName))
	}
	return names
}

// MaxCardLen is how long a wall card's text may be, in characters: about
// three short lines on a card beside a portrait.
const MaxCardLen = 280

// StorySources are where a story can come from.
var StorySources = []string{"visit", "event", "interview", "call", "other"}

// Validate checks a story before it is stored.
func (s *Story) Validate() error {
	s.Card, s.Body, s.SourceOf = strings.TrimSpace(s.Card), strings.TrimSpace(s.Body), strings.TrimSpace(s.SourceOf)
	f := fieldErrors{}
	f.check(utf8.RuneCountInString(s.Card) <= MaxCardLen, "card", "A card holds at most 280 characters; put the rest in the story.")
	f.length("story", "body", s.Body)
	f.length("story", "source_of", s.SourceOf)
	f.check(s.Source == "" || contains(StorySources, s.Source), "source", "Choose where the story came from.")
	f.check(s.Card != "" || s.Body == "", "card", "Write the short card too: it is what a wall shows.")
	return f.err("story")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Consent is a person's permission to be shown on screens: granted on a
// day, by some means, possibly until a day, possibly revoked since. Grants
// are kept, not overwritten, so the record shows what held when.
type Consent struct {
	ID         int64
	PersonID   int64
	GrantedOn  time.Time
	Means      string // one of ConsentMeans
	Until      time.Time
	RevokedAt  time.Time
	Note       string
	RecordedBy int64
	CreatedAt  time.Time
}

// ConsentMeans are the ways consent is given.
var ConsentMeans = []string{"signed form", "email", "verbal", "online form"}

// CurrentAt tells whether the consent holds at the time: granted by then,
// not revoked, not past its end.
func (c *Consent) CurrentAt(t time.Time) bool {
	day := t.Truncate(24 * time.Hour)
	return c != nil && !c.GrantedOn.After(day) && (c.RevokedAt.IsZero() || c.RevokedAt.After(t)) &&
		(c.Until.IsZero() || !c.Until.Before(day))
}

// Validate checks a consent before it is stored.
func (c *Consent) Validate() error {
	c.Note = strings.TrimSpace(c.Note)
	f := fieldErrors{}
	f.check(!c.GrantedOn.IsZero(), "granted_on", "Give the day consent was granted.")
	f.check(contains(ConsentMeans, c.Means), "means", "Choose how consent was given.")
	f.check(c.Until.IsZero() || !c.Until.Before(c.GrantedOn), "until", "The end cannot come before the grant.")
	f.length("consent", "note", c.Note)
	return f.err("consent")
}

// StoryService keeps people's stories and their consent.
type StoryService interface {
	// FindStory returns a person's story; a person without one has an
	// empty story, not an error.
	FindStory(ctx context.Context, personID int64) (*Story, error)
	// SaveStory stores a story, with what the story check finds in it.
	SaveStory(ctx context.Context, s *Story) error
	StoryCheck(ctx context.Context) (StoryCheck, error)
	// SaveStoryCheck stores the settings. When our names or words for
	// customers change, every story is to be checked again and every text
	// of the leaders' view read again with them (ReadAgain).
	SaveStoryCheck(ctx context.Context, c StoryCheck) error
	// ReadAgain does the next batch of at most n of what new names or
	// words call for, and tells whether anything is left to read.
	ReadAgain(ctx context.Context, n int) (left bool, err error)
	// BeingReadAgain tells whether anything is left to read again.
	BeingReadAgain(ctx context.Context) (bool, error)
	// StoriesAboutUs lists people whose story is about us, by name.
	StoriesAboutUs(ctx context.Context, limit int) ([]*Person, error)

	// Consents lists a person's consent records, newest first.
	Consents(ctx context.Context, personID int64) ([]*Consent, error)
	GrantConsent(ctx context.Context, c *Consent) error
	// RevokeConsent ends a consent now.
	RevokeConsent(ctx context.Context, consentID int64) error
}
