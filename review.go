package faces

import (
	"context"
	"strings"
	"time"
)

// Review is an account review about humans: for a company, what each
// person involved is thinking, in the reviewers' words, and notes on the
// whole. A review whose notes speak of the company only in the abstract
// (a market, the account — never a role or a person) is flagged.
type Review struct {
	ID        int64
	CompanyID int64
	Title     string
	Notes     string
	Answers   []*ReviewAnswer
	// Abstract is set, when the review is saved, if the notes speak of
	// customers but never of a role or a person in them (as the lens
	// reads them).
	Abstract  bool
	CreatedBy int64
	CreatedAt time.Time
	// Read-only.
	CompanyName   string
	CreatedByName string
}

// ReviewAnswer is the answer to "What is <name> thinking about this?".
type ReviewAnswer struct {
	PersonID   int64
	PersonName string // read-only
	Answer     string
}

// AnsweredFor lists the names of the people the review's answers are
// about, as read.
func (r *Review) AnsweredFor() []string {
	names := make([]string, 0, len(r.Answers))
	for _, a := range r.Answers {
		names = append(names, a.PersonName)
	}
	return names
}

// Validate checks a review before it is saved; answers left empty go.
func (r *Review) Validate() error {
	r.Title, r.Notes = strings.TrimSpace(r.Title), strings.TrimSpace(r.Notes)
	var kept []*ReviewAnswer
	for _, a := range r.Answers {
		if a.Answer = strings.TrimSpace(a.Answer); a.Answer != "" {
			kept = append(kept, a)
		}
	}
	r.Answers = kept
	f := fieldErrors{}
	f.check(r.Title != "", "title", "Name the review (\"Q4 review\").")
	f.length("review", "title", r.Title)
	f.length("review", "notes", r.Notes)
	for _, a := range r.Answers {
		f.length("review", "answer", a.Answer)
	}
	f.check(len(r.Answers) > 0 || r.Notes != "", "notes", "Say what at least one of them is thinking.")
	return f.err("review")
}

// ReviewPerson is someone involved in an account, as a review shows them.
type ReviewPerson struct {
	Person      *Person
	Roles       []string  // their buying roles at the company
	LastContact time.Time // the last visit they were part of (zero: none)
	OpenWishes  []string
}

// ReviewService keeps account reviews.
type ReviewService interface {
	// ReviewPeople are the humans of an account: those with a buying role
	// there, then those who work there (the first 30 by name).
	ReviewPeople(ctx context.Context, companyID int64) ([]*ReviewPerson, error)
	CreateReview(ctx context.Context, r *Review) error
	FindReview(ctx context.Context, id int64) (*Review, error)
	// Reviews lists a company's reviews, newest first, without answers.
	Reviews(ctx context.Context, companyID int64) ([]*Review, error)
	// AnswersAbout lists what reviews said a person is thinking, newest
	// first, with each review's title in PersonName's stead.
	AnswersAbout(ctx context.Context, personID int64) ([]*ReviewAnswer, error)
}
