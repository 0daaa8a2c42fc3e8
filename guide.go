package faces

import (
	"context"
	"strings"
	"time"
)

// Guide is a reusable set of interview questions, used during visits.
type Guide struct {
	ID        int64
	Name      string
	About     string
	Questions []GuideQuestion
	CreatedAt time.Time
}

// GuideQuestion is one question of a guide. A question that Links asks
// who decides, or who uses the information: an answer that names that
// person records the relationship between them and the one who answered.
type GuideQuestion struct {
	ID    int64
	Text  string
	Links RelationshipKind // "" for none
}

// Answer is what a customer answered to a guide's question on a visit.
type Answer struct {
	ID            int64
	VisitID       int64
	QuestionID    int64
	PersonID      int64 // who answered; 0 once erased
	Text          string
	NamedPersonID int64 // whom the answer names, for a linking question

	// Read-only.
	Question   string
	PersonName string
	NamedName  string
	CreatedAt  time.Time
}

// Limits on guides.
const (
	MaxGuideQuestions = 30
	MaxGuides         = 200
)

// Validate checks a guide before it is stored.
func (g *Guide) Validate() error {
	g.Name, g.About = strings.TrimSpace(g.Name), strings.TrimSpace(g.About)
	var qs []GuideQuestion
	for _, q := range g.Questions {
		if q.Text = strings.TrimSpace(q.Text); q.Text != "" {
			qs = append(qs, q)
		}
	}
	g.Questions = qs
	f := fieldErrors{}
	f.check(g.Name != "", "name", "Name the guide.")
	f.length("guide", "name", g.Name)
	f.length("guide", "about", g.About)
	f.check(len(g.Questions) > 0, "questions", "Write at least one question.")
	f.check(len(g.Questions) <= MaxGuideQuestions, "questions", "At most 30 questions.")
	for _, q := range g.Questions {
		f.length("guide", "questions", q.Text)
	}
	return f.err("guide")
}

// GuideService keeps interview guides and the answers given on visits.
type GuideService interface {
	FindGuides(ctx context.Context) ([]*Guide, error)
	FindGuideByID(ctx context.Context, id int64) (*Guide, error)
	CreateGuide(ctx context.Context, g *Guide) error
	// SaveAnswers stores the answers a person gave on a visit; an answer
	// to a linking question that names someone also records their
	// relationship (if it is not recorded yet).
	SaveAnswers(ctx context.Context, visitID, personID int64, answers []Answer) error
	// Answers lists a visit's answers, by question.
	Answers(ctx context.Context, visitID int64) ([]*Answer, error)
}
