package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/faces-org/faces"
)

// PrepSheets gathers the prep sheets of an event's guests (its key guests
// when no one is named), in the order given — a query for each part, for
// all of them at once, never one per guest.
func (s *DB) PrepSheets(ctx context.Context, eventID int64, personIDs []int64) ([]*faces.PrepSheet, error) {
	if _, err := s.FindEventByID(ctx, eventID); err != nil {
		return nil, err
	}
	var err error
	if len(personIDs) == 0 {
		personIDs, err = scanIDs(s.q.QueryContext(ctx, `SELECT g.person_id FROM event_guests g JOIN people p ON p.id = g.person_id
			WHERE g.event_id = $1 AND g.key_guest ORDER BY p.name, p.id LIMIT $2`, eventID, faces.MaxKeyGuests))
	} else {
		// Only the event's guests have sheets for it.
		in, args := idsIn(unique(personIDs[:min(len(personIDs), faces.MaxKeyGuests)]))
		var guests []int64
		guests, err = scanIDs(s.q.QueryContext(ctx, `SELECT person_id FROM event_guests WHERE event_id = $1 AND person_id IN (`+shift(in, 1)+`)`, append([]any{eventID}, args...)...))
		keep := map[int64]bool{}
		for _, id := range guests {
			keep[id] = true
		}
		var ordered []int64
		for _, id := range unique(personIDs) {
			if keep[id] {
				ordered = append(ordered, id)
			}
		}
		personIDs = ordered
	}
	if err != nil || len(personIDs) == 0 {
		return []*faces.PrepSheet{}, err
	}
	in, args := idsIn(personIDs)
	people, err := s.queryPeople(ctx, `SELECT `+personColumns+` `+personFrom+` WHERE p.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*faces.PrepSheet{}
	companies := map[int64][]*faces.PrepSheet{}
	for _, p := range people {
		sh := &faces.PrepSheet{Person: p}
		byID[p.ID] = sh
		if p.Current != nil {
			companies[p.Current.CompanyID] = append(companies[p.Current.CompanyID], sh)
			if faces.Now().Sub(p.Current.From) < 365*24*time.Hour {
				sh.Moved = p.Current.From
			}
		}
	}
	for _, part := range []func(context.Context, string, []any, map[int64]*faces.PrepSheet) error{
		s.prepStories, s.prepVisits, s.prepInsights, s.prepKnownBy, s.prepIntroducers, s.prepUnasked, s.prepMoves, s.prepRisks} {
		if err := part(ctx, in, args, byID); err != nil {
			return nil, err
		}
	}
	if err := s.prepCompanies(ctx, companies); err != nil {
		return nil, err
	}
	out := make([]*faces.PrepSheet, 0, len(personIDs))
	for _, id := range personIDs {
		if sh := byID[id]; sh != nil {
			sh.AskQuestions(faces.Now())
			out = append(out, sh)
		}
	}
	return out, nil
}

func (s *DB) prepStories(ctx context.Context, in string, args []any, byID map[int64]*faces.PrepSheet) error {
	return eachRow(ctx, s.q, `SELECT person_id, card, body, source, source_of, updated_at FROM stories WHERE person_id IN (`+in+`)`, args, func(r *sql.Rows) error {
		st := &faces.Story{}
		if err := r.Scan(&st.PersonID, &st.Card, &st.Body, &st.Source, &st.SourceOf, timeScan{&st.UpdatedAt}); err != nil {
			return err
		}
		if st.Card != "" || st.Body != "" {
			byID[st.PersonID].Story = st
		}
		return nil
	})
}

// prepVisits takes each guest's latest visits (by the visit_people index).
func (s *DB) prepVisits(ctx context.Context, in string, args []any, byID map[int64]*faces.PrepSheet) error {
	return eachRow(ctx, s.q, `SELECT person_id, `+visitColumns+` FROM (
			SELECT l.person_id, l.visit_id, ROW_NUMBER() OVER (PARTITION BY l.person_id ORDER BY l.on_day DESC, l.visit_id DESC) AS n
			FROM visit_people l WHERE l.person_id IN (`+in+`)) latest
		JOIN visits v ON v.id = latest.visit_id JOIN companies co ON co.id = v.company_id
		WHERE latest.n <= `+strconv.Itoa(faces.PrepVisits)+` ORDER BY person_id, v.on_day DESC, v.id DESC`, args, func(r *sql.Rows) error {
		var id int64
		v, err := scanVisit(extraFirst{r, &id})
		if err == nil {
			byID[id].Visits = append(byID[id].Visits, v)
		}
		return err
	})
}

// prepInsights takes each guest's latest twenty insights but wishes, and
// their open wishes.
func (s *DB) prepInsights(ctx context.Context, in string, args []any, byID map[int64]*faces.PrepSheet) error {
	return eachRow(ctx, s.q, `SELECT `+insightColumns+` FROM (
			SELECT id, ROW_NUMBER() OVER (PARTITION BY person_id, type = 'wish' ORDER BY id DESC) AS n
			FROM insights WHERE person_id IN (`+in+`) AND (type <> 'wish' OR done_at IS NULL)) latest
		JOIN insights i ON i.id = latest.id `+insightFrom[len("FROM insights i"):]+`
		WHERE latest.n <= 20 ORDER BY i.id DESC`, args, func(r *sql.Rows) error {
		in, err := scanInsight(r)
		if err != nil {
			return err
		}
		sh := byID[in.PersonID]
		switch {
		case in.Type == "wish":
			if len(sh.Wishes) < faces.PrepWishes {
				sh.Wishes = append(sh.Wishes, in)
			}
		default:
			sh.Said = append(sh.Said, in)
			if len(sh.Insights) < faces.PrepInsights {
				sh.Insights = append(sh.Insights, in)
			}
		}
		return nil
	})
}

// prepKnownBy finds the staff who know each guest: those who went to see
// them, and those who follow them.
func (s *DB) prepKnownBy(ctx context.Context, in string, args []any, byID map[int64]*faces.PrepSheet) error {
	return eachRow(ctx, s.q, `SELECT k.person_id, u.id, u.name, MAX(k.visited) FROM (
			SELECT l.person_id, st.user_id, 1 AS visited FROM visit_people l JOIN visit_staff st ON st.visit_id = l.visit_id WHERE l.person_id IN (`+in+`)
			UNION ALL SELECT f.person_id, f.user_id, 0 FROM follows f WHERE f.person_id IN (`+shift(in, len(args))+`)) k
		JOIN users u ON u.id = k.user_id GROUP BY k.person_id, u.id, u.name ORDER BY k.person_id, MAX(k.visited) DESC, u.name`, append(args, args...), func(r *sql.Rows) error {
		var id int64
		var n faces.Named
		var visited int
		if err := r.Scan(&id, &n.ID, &n.Name, &visited); err != nil {
			return err
		}
		n.Detail = "follows them"
		if visited == 1 {
			n.Detail = "went to see them"
		}
		if sh := byID[id]; len(sh.KnownBy) < 8 {
			sh.KnownBy = append(sh.KnownBy, n)
		}
		return nil
	})
}

// prepIntroducers finds who, on the customer side, introduced each guest.
func (s *DB) prepIntroducers(ctx context.Context, in string, args []any, byID map[int64]*faces.PrepSheet) error {
	return eachRow(ctx, s.q, `SELECT r.from_id, p.id, p.name FROM relationships r JOIN people p ON p.id = r.to_id
		WHERE r.from_id IN (`+in+`) AND r.kind = 'introduced_by' ORDER BY r.from_id, p.name LIMIT 500`, args, func(r *sql.Rows) error {
		var id int64
		var n faces.Named
		if err := r.Scan(&id, &n.ID, &n.Name); err != nil {
			return err
		}
		byID[id].IntroducedBy = append(byID[id].IntroducedBy, n)
		return nil
	})
}

// prepUnasked finds, for each guest, the first interview guide questions
// no visit has asked them.
func (s *DB) prepUnasked(ctx context.Context, in string, args []any, byID map[int64]*faces.PrepSheet) error {
	type question struct {
		id   int64
		text string
	}
	var questions []question
	if err := eachRow(ctx, s.q, `SELECT id, text FROM guide_questions WHERE links = '' ORDER BY guide_id, position LIMIT 40`, nil, func(r *sql.Rows) error {
		var q question
		questions = append(questions, q)
		return r.Scan(&questions[len(questions)-1].id, &questions[len(questions)-1].text)
	}); err != nil {
		return err
	}
	asked := map[[2]int64]bool{}
	if err := eachRow(ctx, s.q, `SELECT DISTINCT person_id, question_id FROM visit_answers WHERE person_id IN (`+in+`)`, args, func(r *sql.Rows) error {
		var k [2]int64
		err := r.Scan(&k[0], &k[1])
		asked[k] = true
		return err
	}); err != nil {
		return err
	}
	for id, sh := range byID {
		for _, q := range questions {
			if !asked[[2]int64{id, q.id}] && len(sh.Unasked) < faces.PrepUnasked {
				sh.Unasked = append(sh.Unasked, q.text)
			}
		}
	}
	return nil
}

// prepMoves tells who took their current position within the year after
// another one (a first job is not a move).
func (s *DB) prepMoves(ctx context.Context, in string, args []any, byID map[int64]*faces.PrepSheet) error {
	return eachRow(ctx, s.q, `SELECT person_id, COUNT(*) FROM positions WHERE person_id IN (`+in+`) GROUP BY person_id`, args, func(r *sql.Rows) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		if n < 2 {
			byID[id].Moved = time.Time{}
		}
		return nil
	})
}

// prepRisks reads the flags that hold on the guests.
func (s *DB) prepRisks(ctx context.Context, in string, args []any, byID map[int64]*faces.PrepSheet) error {
	risks, err := queryRisksOn(ctx, s.q, `r.person_id IN (`+in+`) AND r.cleared_at IS NULL ORDER BY r.since_day DESC, r.id DESC`, args...)
	for _, r := range risks {
		byID[r.PersonID].Risks = append(byID[r.PersonID].Risks, r)
	}
	return err
}

// prepCompanies reads the guests' companies and the flags that hold on
// them and on the guests.
func (s *DB) prepCompanies(ctx context.Context, companies map[int64][]*faces.PrepSheet) error {
	if len(companies) > 0 {
		ids := make([]int64, 0, len(companies))
		for id := range companies {
			ids = append(ids, id)
		}
		in, args := idsIn(ids)
		if err := eachRow(ctx, s.q, `SELECT `+companyColumns+` FROM companies WHERE id IN (`+in+`)`, args, func(r *sql.Rows) error {
			c, err := scanCompany(r)
			for _, sh := range companies[c.ID] {
				sh.Company = c
			}
			return err
		}); err != nil {
			return err
		}
		risks, err := queryRisksOn(ctx, s.q, `r.company_id IN (`+in+`) AND r.cleared_at IS NULL ORDER BY r.since_day DESC, r.id DESC`, args...)
		if err != nil {
			return err
		}
		for _, r := range risks {
			for _, sh := range companies[r.CompanyID] {
				sh.Risks = append(sh.Risks, r)
			}
		}
	}
	return nil
}

// extraFirst scans a column before those a scan function reads.
type extraFirst struct {
	r     rowScanner
	first any
}

func (e extraFirst) Scan(dest ...any) error { return e.r.Scan(append([]any{e.first}, dest...)...) }

var placeholder = regexp.MustCompile(`\$(\d+)`)

// shift renumbers a query's placeholders ("$1, $2") by n, for a list of
// arguments that follows others.
func shift(query string, n int) string {
	return placeholder.ReplaceAllStringFunc(query, func(m string) string {
		i, _ := strconv.Atoi(m[1:])
		return fmt.Sprintf("$%d", i+n)
	})
}
