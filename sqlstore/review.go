package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/lens"
)

var _ faces.ReviewService = (*DB)(nil)

// reviewPeopleLimit is how many of a company's people, beyond those with
// a buying role, a review shows: a company of thousands is reviewed
// through the people who buy.
const reviewPeopleLimit = 30

// ReviewPeople returns the humans of an account with their buying roles,
// last contact and open wishes (see faces.ReviewService), in five queries.
func (s *DB) ReviewPeople(ctx context.Context, companyID int64) ([]*faces.ReviewPerson, error) {
	if _, err := s.FindCompanyByID(ctx, companyID); err != nil {
		return nil, err
	}
	roles, err := s.BuyingRolesAt(ctx, companyID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*faces.ReviewPerson{}
	var order []int64
	for _, b := range roles {
		if byID[b.PersonID] == nil {
			byID[b.PersonID] = &faces.ReviewPerson{}
			order = append(order, b.PersonID)
		}
		byID[b.PersonID].Roles = append(byID[b.PersonID].Roles, b.Role)
	}
	here, _, err := s.FindPeople(ctx, faces.PersonFilter{CompanyID: companyID, Limit: reviewPeopleLimit})
	if err != nil {
		return nil, err
	}
	for _, p := range here {
		if byID[p.ID] == nil {
			byID[p.ID] = &faces.ReviewPerson{}
			order = append(order, p.ID)
		}
	}
	if len(order) == 0 {
		return []*faces.ReviewPerson{}, nil
	}
	in, args := idsIn(order)
	people, err := s.queryPeople(ctx, `SELECT `+personColumns+` `+personFrom+` WHERE p.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		byID[p.ID].Person = p
	}
	if err := eachRow(ctx, s.q, `SELECT person_id, MAX(on_day) FROM visit_people WHERE person_id IN (`+in+`) GROUP BY person_id`, args, func(r *sql.Rows) error {
		var id int64
		var last time.Time
		if err := r.Scan(&id, timeScan{&last}); err != nil {
			return err
		}
		byID[id].LastContact = last
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, s.q, `SELECT person_id, text FROM insights WHERE person_id IN (`+in+`) AND type = 'wish' AND done_at IS NULL ORDER BY id DESC`, args, func(r *sql.Rows) error {
		var id int64
		var text string
		if err := r.Scan(&id, &text); err != nil {
			return err
		}
		if rp := byID[id]; len(rp.OpenWishes) < 5 {
			rp.OpenWishes = append(rp.OpenWishes, text)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	out := make([]*faces.ReviewPerson, 0, len(order))
	for _, id := range order {
		if rp := byID[id]; rp.Person != nil {
			out = append(out, rp)
		}
	}
	return out, nil
}

// CreateReview saves a review and its answers. It flags notes that speak
// of the account only in the abstract (Review.Abstract), read knowing the
// company's name and the names of those the answers are about: "Kofi
// wants the pilot" names a person the lens knows no list for.
func (s *DB) CreateReview(ctx context.Context, r *faces.Review) error {
	if err := r.Validate(); err != nil {
		return err
	}
	r.CreatedBy, r.CreatedAt = faces.ActorFromContext(ctx), faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT name FROM companies WHERE id = $1`, r.CompanyID).Scan(&r.CompanyName)
		if errors.Is(err, sql.ErrNoRows) {
			return faces.Errorf(faces.ENOTFOUND, "Company not found.")
		} else if err != nil {
			return err
		}
		for _, a := range r.Answers {
			err := tx.QueryRowContext(ctx, `SELECT name FROM people WHERE id = $1`, a.PersonID).Scan(&a.PersonName)
			if errors.Is(err, sql.ErrNoRows) {
				return faces.Errorf(faces.EINVALID, "Person %d is not there to be reviewed.", a.PersonID)
			} else if err != nil {
				return err
			}
		}
		known, err := s.lensWords(ctx, tx)
		if err != nil {
			return err
		}
		known.About, known.Name, known.People = lens.AboutACompany, r.CompanyName, r.AnsweredFor()
		r.Abstract = r.Notes != "" && lens.OnlyAbstract(r.Notes, known)
		if err := tx.QueryRowContext(ctx, `INSERT INTO reviews (company_id, title, notes, abstract, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			r.CompanyID, r.Title, r.Notes, r.Abstract, r.CreatedBy, s.stamp(r.CreatedAt)).Scan(&r.ID); err != nil {
			return err
		}
		for _, a := range r.Answers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_answers (review_id, person_id, answer) VALUES ($1, $2, $3)`, r.ID, a.PersonID, a.Answer); err != nil {
				return err
			}
		}
		text := r.Notes
		for _, a := range r.Answers {
			text += "\n\n" + a.Answer
		}
		if err := s.noteWriting(ctx, tx, faces.WritingReview, r.ID, known, "", text); err != nil {
			return err
		}
		// The audit entry names the review, not what was said of whom: an
		// erasure of one of them must not leave their answer behind.
		return s.audit(ctx, tx, faces.ActionCreate, "review", r.ID, nil, map[string]any{"CompanyID": r.CompanyID, "Title": r.Title, "Answers": len(r.Answers), "Abstract": r.Abstract})
	})
}

const reviewColumns = `r.id, r.company_id, r.title, r.notes, r.abstract, r.created_by, r.created_at, co.name, COALESCE(u.name, '')`

const reviewFrom = ` FROM reviews r JOIN companies co ON co.id = r.company_id LEFT JOIN users u ON u.id = r.created_by`

func scanReview(row rowScanner) (*faces.Review, error) {
	r := &faces.Review{}
	err := row.Scan(&r.ID, &r.CompanyID, &r.Title, &r.Notes, &r.Abstract, &r.CreatedBy, timeScan{&r.CreatedAt}, &r.CompanyName, &r.CreatedByName)
	return r, err
}

// FindReview returns a review with its answers.
func (s *DB) FindReview(ctx context.Context, id int64) (*faces.Review, error) {
	r, err := scanReview(s.q.QueryRowContext(ctx, `SELECT `+reviewColumns+reviewFrom+` WHERE r.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "Review")
	}
	r.Answers = []*faces.ReviewAnswer{}
	err = eachRow(ctx, s.q, `SELECT a.person_id, p.name, a.answer FROM review_answers a JOIN people p ON p.id = a.person_id WHERE a.review_id = $1 ORDER BY p.name, a.person_id`,
		[]any{id}, func(rows *sql.Rows) error {
			a := &faces.ReviewAnswer{}
			if err := rows.Scan(&a.PersonID, &a.PersonName, &a.Answer); err != nil {
				return err
			}
			r.Answers = append(r.Answers, a)
			return nil
		})
	return r, err
}

// Reviews lists a company's reviews, newest first (at most 100).
func (s *DB) Reviews(ctx context.Context, companyID int64) ([]*faces.Review, error) {
	out := []*faces.Review{}
	err := eachRow(ctx, s.q, `SELECT `+reviewColumns+reviewFrom+` WHERE r.company_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 100`, []any{companyID}, func(rows *sql.Rows) error {
		r, err := scanReview(rows)
		if err == nil {
			out = append(out, r)
		}
		return err
	})
	return out, err
}

// AnswersAbout lists what reviews said a person is thinking, newest first
// (at most 20), the review's title and day in PersonName.
func (s *DB) AnswersAbout(ctx context.Context, personID int64) ([]*faces.ReviewAnswer, error) {
	out := []*faces.ReviewAnswer{}
	err := eachRow(ctx, s.q, `SELECT r.title, r.created_at, a.answer FROM review_answers a JOIN reviews r ON r.id = a.review_id
		WHERE a.person_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 20`, []any{personID}, func(rows *sql.Rows) error {
		var title string
		var at time.Time
		a := &faces.ReviewAnswer{PersonID: personID}
		if err := rows.Scan(&title, timeScan{&at}, &a.Answer); err != nil {
			return err
		}
		a.PersonName = fmt.Sprintf("%s, %s", title, at.Format("2 Jan 2006"))
		out = append(out, a)
		return nil
	})
	return out, err
}
