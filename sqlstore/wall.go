package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

var _ faces.WallService = (*DB)(nil)

// WallSettings returns the organization's wall settings, or the defaults.
func (s *DB) WallSettings(ctx context.Context) (faces.WallSettings, error) {
	w := faces.DefaultWallSettings
	rows, err := s.q.QueryContext(ctx, `SELECT key, value FROM settings WHERE key IN ('wall.period_months', 'wall.set_size')`)
	if err != nil {
		return w, err
	}
	defer rows.Close()
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return w, err
		}
		n, err := strconv.Atoi(value)
		if err != nil {
			return w, fmt.Errorf("setting %s: %w", key, err)
		}
		if key == "wall.period_months" {
			w.PeriodMonths = n
		} else {
			w.SetSize = n
		}
	}
	return w, rows.Err()
}

// SaveWallSettings stores the wall settings.
func (s *DB) SaveWallSettings(ctx context.Context, w faces.WallSettings) error {
	if err := w.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.WallSettings(ctx)
		if err != nil {
			return err
		}
		for key, n := range map[string]int{"wall.period_months": w.PeriodMonths, "wall.set_size": w.SetSize} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
				key, strconv.Itoa(n)); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "wall_settings", 0, before, w)
	})
}

// consentHoldsOn is the condition that a consent k holds on the day
// (parameter d) at the time (parameter t): granted by then, not revoked,
// not past its end — faces.Consent.CurrentAt in SQL.
func consentHoldsOn(d, t string) string {
	return `k.granted_on <= ` + d + ` AND (k.revoked_at IS NULL OR k.revoked_at > ` + t + `) AND (k.until_day IS NULL OR k.until_day >= ` + d + `)`
}

// consentHolds is the condition that a person p has a consent that holds.
func consentHolds(d, t string) string {
	return `EXISTS (SELECT 1 FROM consents k WHERE k.person_id = p.id AND ` + consentHoldsOn(d, t) + `)`
}

// WallCandidates returns people with consent at the time, pinned first,
// then with a photo, then never shown, then least recently shown, shuffled
// by the seed within each, at most limit.
func (s *DB) WallCandidates(ctx context.Context, at time.Time, seed int64, limit int) ([]faces.WallCandidate, error) {
	// Driven by the consents that hold: a scan of that table, then a
	// lookup per consenting person; never a scan of everyone. When the
	// story check says so, people whose story is about us stay off.
	check, err := s.StoryCheck(ctx)
	if err != nil {
		return nil, err
	}
	skip := ""
	if check.WallSkips {
		skip = ` AND NOT EXISTS (SELECT 1 FROM stories st WHERE st.person_id = p.id AND st.about_us <> '[]')`
	}
	// Whether a person has a photo is read from their row, and only the
	// chosen few are joined to their current position. A person never
	// shown sorts as shown on the first day there is ($5), so the time
	// they were last shown is looked up once a person, not twice. At a
	// million people (380,000 consenting), 1.2 s → 0.6 s.
	rows, err := s.q.QueryContext(ctx, `SELECT w.id, COALESCE(c.company_id, 0), COALESCE(c.title, ''), w.has_photo, w.last FROM (
		SELECT * FROM (
			SELECT p.id, p.has_photo, (SELECT MAX(wp.start_day) FROM wall_picks wp WHERE wp.person_id = p.id) AS last,
				CASE WHEN pin.mode = 'pin' THEN 0 ELSE 1 END AS pinned_last, (p.id * 2654435761 + $3) % 1000003 AS shuffle
			FROM (SELECT DISTINCT k.person_id FROM consents k WHERE `+consentHoldsOn("$1", "$2")+`) k
			JOIN people p ON p.id = k.person_id
			LEFT JOIN wall_pins pin ON pin.person_id = p.id
			WHERE COALESCE(pin.mode, '') <> 'exclude'`+skip+`) consenting
		ORDER BY pinned_last, has_photo DESC, COALESCE(last, $5), shuffle, id
		LIMIT $4) w
	LEFT JOIN positions c ON c.person_id = w.id AND c.to_day IS NULL
	ORDER BY w.pinned_last, w.has_photo DESC, COALESCE(w.last, $5), w.shuffle, w.id`, s.day(at), s.stamp(at), seed%1000003, limit, s.day(time.Time{}))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []faces.WallCandidate
	for rows.Next() {
		c := faces.WallCandidate{Consent: true}
		if err := rows.Scan(&c.PersonID, &c.CompanyID, &c.Title, &c.HasPhoto, timeScan{&c.LastShown}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MaxPins bounds the pins and exclusions.
const MaxPins = 1000

// WallPins returns every pin and exclusion, the latest first.
func (s *DB) WallPins(ctx context.Context) ([]faces.PinnedPerson, error) {
	// The pins first (a subquery with a limit), then their people: never
	// a walk through everyone looking for pins.
	rows, err := s.q.QueryContext(ctx, `SELECT wp.person_id, p.name, wp.mode, wp.created_at
		FROM (SELECT person_id, mode, created_at FROM wall_pins ORDER BY created_at DESC, person_id LIMIT $1) wp
		JOIN people p ON p.id = wp.person_id ORDER BY wp.created_at DESC, wp.person_id`, MaxPins)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []faces.PinnedPerson{}
	for rows.Next() {
		var pin faces.PinnedPerson
		if err := rows.Scan(&pin.PersonID, &pin.Name, &pin.Mode, timeScan{&pin.At}); err != nil {
			return nil, err
		}
		out = append(out, pin)
	}
	return out, rows.Err()
}

// PinOf returns a person's pin mode.
func (s *DB) PinOf(ctx context.Context, personID int64) (faces.PinMode, error) {
	var mode faces.PinMode
	err := s.q.QueryRowContext(ctx, `SELECT mode FROM wall_pins WHERE person_id = $1`, personID).Scan(&mode)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return mode, err
}

// PinPerson pins, excludes or (with "") frees a person.
func (s *DB) PinPerson(ctx context.Context, personID int64, mode faces.PinMode) error {
	if mode != "" && mode != faces.Pinned && mode != faces.Excluded {
		return faces.Errorf(faces.EINVALID, "Pin or exclude.")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM people WHERE id = $1`, personID).Scan(&name); err != nil {
			return notFound(err, "Person")
		}
		var before faces.PinMode
		if err := tx.QueryRowContext(ctx, `SELECT mode FROM wall_pins WHERE person_id = $1`, personID).Scan(&before); err != nil && err != sql.ErrNoRows {
			return err
		}
		if before == mode {
			return nil
		}
		if mode == "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM wall_pins WHERE person_id = $1`, personID); err != nil {
				return err
			}
		} else {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM wall_pins`).Scan(&n); err != nil {
				return err
			}
			if before == "" && n >= MaxPins {
				return faces.Errorf(faces.ECONFLICT, "%d people are pinned or excluded already; free some first.", n)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO wall_pins (person_id, mode, pinned_by, created_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (person_id) DO UPDATE SET mode = excluded.mode, pinned_by = excluded.pinned_by, created_at = excluded.created_at`,
				personID, string(mode), faces.ActorFromContext(ctx), s.stamp(faces.Now())); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, faces.ActionPin, "wall_pin", personID, pinValue(before), pinValue(mode))
	})
}

func pinValue(m faces.PinMode) any {
	if m == "" {
		return nil
	}
	return map[string]string{"mode": string(m)}
}

// PeriodSet returns a period's stored set.
func (s *DB) PeriodSet(ctx context.Context, p faces.WallPeriod) ([]int64, bool, bool, error) {
	return s.periodSet(ctx, s.q, p)
}

func (s *DB) periodSet(ctx context.Context, q queryer, p faces.WallPeriod) ([]int64, bool, bool, error) {
	var locked bool
	err := q.QueryRowContext(ctx, `SELECT locked FROM wall_periods WHERE start_day = $1`, s.day(p.Start)).Scan(&locked)
	if err == sql.ErrNoRows {
		return nil, false, false, nil
	}
	if err != nil {
		return nil, false, false, err
	}
	rows, err := q.QueryContext(ctx, `SELECT person_id FROM wall_picks WHERE start_day = $1 ORDER BY position`, s.day(p.Start))
	if err != nil {
		return nil, false, false, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, false, false, err
		}
		ids = append(ids, id)
	}
	return ids, locked, true, rows.Err()
}

// periodNumber names a period in the audit trail: its first day as
// YYYYMMDD.
func periodNumber(p faces.WallPeriod) int64 {
	return int64(p.Start.Year()*10000 + int(p.Start.Month())*100 + p.Start.Day())
}

// SavePeriodSet stores a period's set unless one is stored; it returns
// the stored set.
func (s *DB) SavePeriodSet(ctx context.Context, p faces.WallPeriod, ids []int64, locked bool) ([]int64, error) {
	var stored []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO wall_periods (start_day, end_day, locked, locked_by, picked_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING`, s.day(p.Start), s.day(p.End), locked, faces.ActorFromContext(ctx), s.stamp(faces.Now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			stored, _, _, err = s.periodSet(ctx, tx, p)
			return err
		}
		for i, id := range ids {
			// Someone picked may have been erased meanwhile: skip them.
			if _, err := tx.ExecContext(ctx, `INSERT INTO wall_picks (start_day, person_id, position) SELECT $1, id, $2 FROM people WHERE id = $3`,
				s.day(p.Start), i, id); err != nil {
				return err
			}
		}
		stored, _, _, err = s.periodSet(ctx, tx, p)
		if err != nil || !locked {
			return err
		}
		return s.audit(ctx, tx, faces.ActionLock, "wall_period", periodNumber(p), nil, map[string]any{"period": p.Label(), "people": len(stored)})
	})
	return stored, err
}

// UnlockPeriod forgets a period's set, if the period has not begun.
func (s *DB) UnlockPeriod(ctx context.Context, p faces.WallPeriod) error {
	if !p.Start.After(faces.Now()) {
		return faces.Errorf(faces.ECONFLICT, "%s has begun; its set stays until it ends.", p.Label())
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM wall_picks WHERE start_day = $1`, s.day(p.Start)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM wall_periods WHERE start_day = $1`, s.day(p.Start))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.audit(ctx, tx, faces.ActionDelete, "wall_period", periodNumber(p), map[string]any{"period": p.Label()}, nil)
	})
}

// cardColumns read a WallCard of person p: the latest end among the
// consents that hold (NULL when one has no end) is the card's limit.
func cardColumns(d, t string) string {
	holds := `k.person_id = p.id AND ` + consentHoldsOn(d, t)
	return `p.id, p.name, COALESCE(c.title, ''), COALESCE(co.name, ''), COALESCE(st.card, ''), COALESCE(ph.hash, ''),
		CASE WHEN EXISTS (SELECT 1 FROM consents k WHERE ` + holds + ` AND k.until_day IS NULL) THEN NULL
			ELSE (SELECT MAX(k.until_day) FROM consents k WHERE ` + holds + `) END`
}

// notExcluded keeps people an editor kept off the wall off every screen
// at once, rooms included, whatever set they were picked for.
const notExcluded = `NOT EXISTS (SELECT 1 FROM wall_pins x WHERE x.person_id = p.id AND x.mode = 'exclude')`

const cardJoins = personJoins + `
	LEFT JOIN stories st ON st.person_id = p.id`

func scanCards(rows *sql.Rows) ([]faces.WallCard, error) {
	defer rows.Close()
	var out []faces.WallCard
	for rows.Next() {
		var c faces.WallCard
		if err := rows.Scan(&c.PersonID, &c.Name, &c.Title, &c.CompanyName, &c.Card, &c.PhotoHash, timeScan{&c.ConsentUntil}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// WallCards returns the cards of the people with consent at the time, in
// the order given.
func (s *DB) WallCards(ctx context.Context, ids []int64, at time.Time) ([]faces.WallCard, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > faces.MaxSetSize {
		ids = ids[:faces.MaxSetSize]
	}
	args := []any{s.day(at), s.stamp(at)}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(i+3)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+cardColumns("$1", "$2")+` FROM people p`+cardJoins+`
		WHERE p.id IN (`+strings.Join(marks, ", ")+`) AND `+consentHolds("$1", "$2")+` AND `+notExcluded, args...)
	if err != nil {
		return nil, err
	}
	cards, err := scanCards(rows)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]faces.WallCard, len(cards))
	for _, c := range cards {
		byID[c.PersonID] = c
	}
	out := make([]faces.WallCard, 0, len(cards))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// RoomCards returns a company's current people with consent, from a name
// on and then from the start, those with a photo first. Each part reads
// the company's people in name order from an index and stops once it has
// enough: a room of a company of 200,000 costs what a small one does.
func (s *DB) RoomCards(ctx context.Context, companyID int64, at time.Time, from string, limit int) ([]faces.WallCard, error) {
	limit = min(max(limit, 1), faces.MaxSetSize)
	part := func(cond string, arg string, n int) ([]faces.WallCard, error) {
		rows, err := s.q.QueryContext(ctx, `SELECT `+cardColumns("$1", "$2")+` FROM people p`+cardJoins+`
			WHERE p.current_company_id = $3 AND `+cond+` AND `+consentHolds("$1", "$2")+` AND `+notExcluded+`
			ORDER BY p.name, p.id LIMIT $5`, s.day(at), s.stamp(at), companyID, arg, n)
		if err != nil {
			return nil, err
		}
		return scanCards(rows)
	}
	cards, err := part("p.name >= $4", from, limit)
	if err != nil {
		return nil, err
	}
	if len(cards) < limit {
		rest, err := part("p.name < $4", from, limit-len(cards))
		if err != nil {
			return nil, err
		}
		cards = append(cards, rest...)
	}
	slices.SortStableFunc(cards, func(a, b faces.WallCard) int {
		return cmp.Compare(boolInt(a.PhotoHash == ""), boolInt(b.PhotoHash == ""))
	})
	return cards, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// WallHistory lists where and when a person was on the wall.
func (s *DB) WallHistory(ctx context.Context, personID int64) ([]faces.WallShowing, error) {
	settings, err := s.WallSettings(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT ws.screen_id, sc.name, sc.place, ws.start_day, wp.end_day, ws.first_shown
		FROM wall_showings ws JOIN screens sc ON sc.id = ws.screen_id LEFT JOIN wall_periods wp ON wp.start_day = ws.start_day
		WHERE ws.person_id = $1 ORDER BY ws.start_day DESC, sc.name LIMIT 100`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []faces.WallShowing{}
	for rows.Next() {
		var w faces.WallShowing
		var end time.Time
		if err := rows.Scan(&w.ScreenID, &w.ScreenName, &w.Place, timeScan{&w.Period.Start}, timeScan{&end}, timeScan{&w.FirstShown}); err != nil {
			return nil, err
		}
		w.Period.Months = settings.PeriodMonths
		if !end.IsZero() {
			w.Period.Months = (end.Year()-w.Period.Start.Year())*12 + int(end.Month()) - int(w.Period.Start.Month())
		}
		w.Period.End = w.Period.Start.AddDate(0, w.Period.Months, 0)
		out = append(out, w)
	}
	return out, rows.Err()
}
