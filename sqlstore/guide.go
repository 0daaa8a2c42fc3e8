package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/faces-org/faces"
)

var _ faces.GuideService = (*DB)(nil)

// FindGuides lists the guides by name, with their questions.
func (s *DB) FindGuides(ctx context.Context) ([]*faces.Guide, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, name, about, created_at FROM guides ORDER BY name, id LIMIT $1`, faces.MaxGuides)
	if err != nil {
		return nil, err
	}
	var guides []*faces.Guide
	byID := map[int64]*faces.Guide{}
	for rows.Next() {
		g := &faces.Guide{}
		if err := rows.Scan(&g.ID, &g.Name, &g.About, timeScan{&g.CreatedAt}); err != nil {
			rows.Close()
			return nil, err
		}
		guides, byID[g.ID] = append(guides, g), g
	}
	rows.Close()
	if len(guides) == 0 {
		return []*faces.Guide{}, nil
	}
	// Every guide's questions in one query (guides are few).
	qrows, err := s.q.QueryContext(ctx, `SELECT guide_id, id, text, links FROM guide_questions ORDER BY guide_id, position`)
	if err != nil {
		return nil, err
	}
	defer qrows.Close()
	for qrows.Next() {
		var gid int64
		var q faces.GuideQuestion
		if err := qrows.Scan(&gid, &q.ID, &q.Text, &q.Links); err != nil {
			return nil, err
		}
		if g := byID[gid]; g != nil {
			g.Questions = append(g.Questions, q)
		}
	}
	return guides, qrows.Err()
}

// FindGuideByID returns a guide with its questions, or ENOTFOUND.
func (s *DB) FindGuideByID(ctx context.Context, id int64) (*faces.Guide, error) {
	g := &faces.Guide{}
	if err := s.q.QueryRowContext(ctx, `SELECT id, name, about, created_at FROM guides WHERE id = $1`, id).
		Scan(&g.ID, &g.Name, &g.About, timeScan{&g.CreatedAt}); err != nil {
		return nil, notFound(err, "Guide")
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, text, links FROM guide_questions WHERE guide_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var q faces.GuideQuestion
		if err := rows.Scan(&q.ID, &q.Text, &q.Links); err != nil {
			return nil, err
		}
		g.Questions = append(g.Questions, q)
	}
	return g, rows.Err()
}

// CreateGuide stores a guide and its questions.
func (s *DB) CreateGuide(ctx context.Context, g *faces.Guide) error {
	if err := g.Validate(); err != nil {
		return err
	}
	g.CreatedAt = faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO guides (name, about, created_at) VALUES ($1, $2, $3) RETURNING id`,
			g.Name, g.About, s.stamp(g.CreatedAt)).Scan(&g.ID); err != nil {
			return err
		}
		for i := range g.Questions {
			q := &g.Questions[i]
			if err := tx.QueryRowContext(ctx, `INSERT INTO guide_questions (guide_id, position, text, links) VALUES ($1, $2, $3, $4) RETURNING id`,
				g.ID, i+1, q.Text, string(q.Links)).Scan(&q.ID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, faces.ActionCreate, "guide", g.ID, nil, g)
	})
}

// SaveAnswers stores a person's answers on a visit, and the relationships
// that linking answers name — all in one transaction.
func (s *DB) SaveAnswers(ctx context.Context, visitID, personID int64, answers []faces.Answer) error {
	return s.WithinTx(ctx, func(t *DB) error {
		v, err := t.FindVisitByID(ctx, visitID)
		if err != nil {
			return err
		}
		met := false
		for _, id := range v.PersonIDs {
			met = met || id == personID
		}
		if !met {
			return &faces.Error{Code: faces.EINVALID, Message: "Please correct the answers.", Fields: map[string]string{"person": "Only someone met on the visit answers on it."}}
		}
		for _, a := range answers {
			a.Text = strings.TrimSpace(a.Text)
			if a.Text == "" && a.NamedPersonID == 0 {
				continue
			}
			field := "answer_" + strconv.FormatInt(a.QuestionID, 10)
			if n := faces.Limit("answer.text"); utf8.RuneCountInString(a.Text) > n {
				return &faces.Error{Code: faces.EINVALID, Message: "Please correct the answers.", Fields: map[string]string{field: fmt.Sprintf("At most %d characters.", n)}}
			}
			var links faces.RelationshipKind
			if err := t.q.QueryRowContext(ctx, `SELECT links FROM guide_questions WHERE id = $1`, a.QuestionID).Scan(&links); err != nil {
				return &faces.Error{Code: faces.EINVALID, Message: "Please correct the answers.", Fields: map[string]string{field: "No such question."}}
			}
			if a.NamedPersonID != 0 && (links == "" || a.NamedPersonID == personID) {
				a.NamedPersonID = 0 // only a linking question names someone else
			}
			if a.NamedPersonID != 0 {
				if ok, err := exists(ctx, t.tx, "people", a.NamedPersonID); err != nil || !ok {
					if err != nil {
						return err
					}
					return &faces.Error{Code: faces.EINVALID, Message: "Please correct the answers.", Fields: map[string]string{field: "No such person."}}
				}
				// The one named decides for (or uses information from)
				// the one who answered; already recorded is fine.
				r := &faces.Relationship{FromID: a.NamedPersonID, ToID: personID, Kind: links, Note: "named on a visit"}
				if err := t.AddRelationship(ctx, r); err != nil && faces.ErrorCode(err) != faces.ECONFLICT {
					return err
				}
			}
			var id int64
			if err := t.q.QueryRowContext(ctx, `INSERT INTO visit_answers (visit_id, question_id, person_id, text, named_person_id, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, visitID, a.QuestionID, personID, a.Text, nullID(a.NamedPersonID),
				faces.ActorFromContext(ctx), t.stamp(faces.Now())).Scan(&id); err != nil {
				return err
			}
			// Ids, not names: an erasure leaves nothing of them here.
			if err := t.audit(ctx, t.tx, faces.ActionCreate, "answer", id, nil, map[string]any{"VisitID": visitID, "QuestionID": a.QuestionID,
				"PersonID": personID, "NamedPersonID": a.NamedPersonID, "Text": a.Text}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Answers lists a visit's answers in the order of the guides' questions.
func (s *DB) Answers(ctx context.Context, visitID int64) ([]*faces.Answer, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT a.id, a.visit_id, a.question_id, q.text, COALESCE(a.person_id, 0), COALESCE(p.name, ''), a.text,
		COALESCE(a.named_person_id, 0), COALESCE(n.name, ''), a.created_at
		FROM visit_answers a JOIN guide_questions q ON q.id = a.question_id LEFT JOIN people p ON p.id = a.person_id
		LEFT JOIN people n ON n.id = a.named_person_id WHERE a.visit_id = $1 ORDER BY q.guide_id, q.position, a.id LIMIT 500`, visitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Answer{}
	for rows.Next() {
		a := &faces.Answer{}
		if err := rows.Scan(&a.ID, &a.VisitID, &a.QuestionID, &a.Question, &a.PersonID, &a.PersonName, &a.Text, &a.NamedPersonID, &a.NamedName,
			timeScan{&a.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
