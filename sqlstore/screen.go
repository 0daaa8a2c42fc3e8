package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/faces-org/faces"
)

var _ faces.ScreenService = (*DB)(nil)

const screenColumns = `sc.id, sc.name, sc.place, sc.time_zone, sc.orientation, sc.faces_at_once, sc.seconds_per_card,
	COALESCE(sc.company_id, 0), COALESCE(co.name, ''), sc.token_hash IS NOT NULL, sc.paired_at, sc.last_seen, sc.showing,
	sc.created_at, sc.updated_at`

const screenFrom = `FROM screens sc LEFT JOIN companies co ON co.id = sc.company_id`

func scanScreen(r rowScanner) (*faces.Screen, error) {
	sc := &faces.Screen{}
	err := r.Scan(&sc.ID, &sc.Name, &sc.Place, &sc.TimeZone, &sc.Orientation, &sc.FacesAtOnce, &sc.SecondsPerCard,
		&sc.CompanyID, &sc.CompanyName, &sc.Paired, timeScan{&sc.PairedAt}, timeScan{&sc.LastSeen}, &sc.Showing,
		timeScan{&sc.CreatedAt}, timeScan{&sc.UpdatedAt})
	return sc, err
}

// FindScreenByID returns a screen, or ENOTFOUND.
func (s *DB) FindScreenByID(ctx context.Context, id int64) (*faces.Screen, error) {
	sc, err := scanScreen(s.q.QueryRowContext(ctx, `SELECT `+screenColumns+` `+screenFrom+` WHERE sc.id = $1`, id))
	return sc, notFound(err, "Screen")
}

// FindScreenByName returns a screen by its exact name, or ENOTFOUND.
func (s *DB) FindScreenByName(ctx context.Context, name string) (*faces.Screen, error) {
	sc, err := scanScreen(s.q.QueryRowContext(ctx, `SELECT `+screenColumns+` `+screenFrom+` WHERE sc.name = $1`, strings.TrimSpace(name)))
	return sc, notFound(err, "Screen")
}

// FindScreens lists the screens by name.
func (s *DB) FindScreens(ctx context.Context) ([]*faces.Screen, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+screenColumns+` `+screenFrom+` ORDER BY sc.name LIMIT $1`, faces.MaxScreens)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Screen{}
	for rows.Next() {
		sc, err := scanScreen(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// checkScreen refuses a name in use by another screen, a room whose
// company does not exist or is not a key customer, and more screens than
// MaxScreens.
func (s *DB) checkScreen(ctx context.Context, tx *sql.Tx, sc *faces.Screen) error {
	var taken, total int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM screens WHERE name = $1 AND id <> $2), (SELECT COUNT(*) FROM screens)`,
		sc.Name, sc.ID).Scan(&taken, &total); err != nil {
		return err
	}
	if taken > 0 {
		return &faces.Error{Code: faces.ECONFLICT, Message: "Please correct the screen.",
			Fields: map[string]string{"name": "Another screen has this name."}}
	}
	if sc.ID == 0 && total >= faces.MaxScreens {
		return faces.Errorf(faces.ECONFLICT, "There are %d screens already; remove one first.", total)
	}
	if sc.CompanyID != 0 {
		co, err := findCompany(ctx, tx, sc.CompanyID)
		if err != nil {
			return &faces.Error{Code: faces.EINVALID, Message: "Please correct the screen.",
				Fields: map[string]string{"company": "Choose a company that exists."}}
		}
		if !co.KeyCustomer {
			return &faces.Error{Code: faces.EINVALID, Message: "Please correct the screen.",
				Fields: map[string]string{"company": co.Name + " is not a key customer; rooms are named after key customers."}}
		}
		sc.CompanyName = co.Name
	}
	return nil
}

// CreateScreen registers a screen, unpaired.
func (s *DB) CreateScreen(ctx context.Context, sc *faces.Screen) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	now := faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.checkScreen(ctx, tx, sc); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO screens (name, place, time_zone, orientation, faces_at_once, seconds_per_card, company_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			sc.Name, sc.Place, sc.TimeZone, sc.Orientation, sc.FacesAtOnce, sc.SecondsPerCard, nullID(sc.CompanyID), s.stamp(now)).Scan(&sc.ID); err != nil {
			return err
		}
		sc.CreatedAt, sc.UpdatedAt = now, now
		return s.audit(ctx, tx, faces.ActionCreate, "screen", sc.ID, nil, sc)
	})
}

// UpdateScreen changes a screen's settings; its pairing stays.
func (s *DB) UpdateScreen(ctx context.Context, sc *faces.Screen) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanScreen(tx.QueryRowContext(ctx, `SELECT `+screenColumns+` `+screenFrom+` WHERE sc.id = $1`+s.forUpdate(), sc.ID))
		if err != nil {
			return notFound(err, "Screen")
		}
		if err := s.checkScreen(ctx, tx, sc); err != nil {
			return err
		}
		sc.UpdatedAt = faces.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE screens SET name = $1, place = $2, time_zone = $3, orientation = $4, faces_at_once = $5,
			seconds_per_card = $6, company_id = $7, updated_at = $8 WHERE id = $9`,
			sc.Name, sc.Place, sc.TimeZone, sc.Orientation, sc.FacesAtOnce, sc.SecondsPerCard, nullID(sc.CompanyID), s.stamp(sc.UpdatedAt), sc.ID); err != nil {
			return err
		}
		sc.Paired, sc.PairedAt, sc.LastSeen, sc.Showing, sc.CreatedAt = before.Paired, before.PairedAt, before.LastSeen, before.Showing, before.CreatedAt
		return s.audit(ctx, tx, faces.ActionUpdate, "screen", sc.ID, before, sc)
	})
}

// DeleteScreen removes a screen and its part of the wall history.
func (s *DB) DeleteScreen(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanScreen(tx.QueryRowContext(ctx, `SELECT `+screenColumns+` `+screenFrom+` WHERE sc.id = $1`, id))
		if err != nil {
			return notFound(err, "Screen")
		}
		for _, q := range []string{`DELETE FROM wall_showings WHERE screen_id = $1`, `DELETE FROM screen_pairings WHERE screen_id = $1`, `DELETE FROM screens WHERE id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, faces.ActionDelete, "screen", id, before, nil)
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func newScreenToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return faces.ScreenTokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// IssueScreenToken gives the screen a new token; its old one stops working.
func (s *DB) IssueScreenToken(ctx context.Context, screenID int64) (string, error) {
	token := newScreenToken()
	err := s.inTx(ctx, func(tx *sql.Tx) error { return s.issueScreenToken(ctx, tx, screenID, token) })
	return token, err
}

func (s *DB) issueScreenToken(ctx context.Context, tx *sql.Tx, screenID int64, token string) error {
	now := faces.Now()
	res, err := tx.ExecContext(ctx, `UPDATE screens SET token_hash = $1, paired_at = $2, updated_at = $2 WHERE id = $3`, hashToken(token), s.stamp(now), screenID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return faces.Errorf(faces.ENOTFOUND, "Screen not found.")
	}
	return s.audit(ctx, tx, faces.ActionPair, "screen", screenID, nil, nil)
}

// RevokeScreen ends the screen's token.
func (s *DB) RevokeScreen(ctx context.Context, screenID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE screens SET token_hash = NULL, updated_at = $1 WHERE id = $2`, s.stamp(faces.Now()), screenID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return faces.Errorf(faces.ENOTFOUND, "Screen not found.")
		}
		return s.audit(ctx, tx, faces.ActionRevoke, "screen", screenID, nil, nil)
	})
}

// ScreenByToken returns the token's screen, or EUNAUTHORIZED.
func (s *DB) ScreenByToken(ctx context.Context, token string) (*faces.Screen, error) {
	if !strings.HasPrefix(token, faces.ScreenTokenPrefix) {
		return nil, faces.Errorf(faces.EUNAUTHORIZED, "Unknown screen token.")
	}
	sc, err := scanScreen(s.q.QueryRowContext(ctx, `SELECT `+screenColumns+` `+screenFrom+` WHERE sc.token_hash = $1`, hashToken(token)))
	if err == sql.ErrNoRows {
		return nil, faces.Errorf(faces.EUNAUTHORIZED, "Unknown screen token.")
	}
	return sc, err
}

// NoteScreenContact records a screen's contact; when its content changed,
// what it shows and, for the wall history, whom.
func (s *DB) NoteScreenContact(ctx context.Context, screenID int64, version, showing string, p faces.WallPeriod, personIDs []int64) error {
	now := faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE screens SET last_seen = $1, showing = $2, showing_version = $3 WHERE id = $4 AND showing_version <> $3`,
			s.stamp(now), showing, version, screenID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_, err := tx.ExecContext(ctx, `UPDATE screens SET last_seen = $1 WHERE id = $2`, s.stamp(now), screenID)
			return err
		}
		for _, id := range personIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO wall_showings (screen_id, person_id, start_day, first_shown) VALUES ($1, $2, $3, $4)
				ON CONFLICT DO NOTHING`, screenID, id, s.day(p.Start), s.stamp(now)); err != nil {
				return err
			}
		}
		return nil
	})
}

// pairingAlphabet leaves out letters and digits that read alike (0/O,
// 1/I/L, 5/S, 2/Z, 8/B).
const pairingAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

func newPairingCode() string {
	b := make([]byte, faces.PairingCodeLen)
	rand.Read(b)
	for i := range b {
		b[i] = pairingAlphabet[int(b[i])%len(pairingAlphabet)]
	}
	return string(b)
}

// NormalizePairingCode reads a code as typed: case, spaces and dashes do
// not matter.
func NormalizePairingCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

// StartPairing makes a code and the secret to collect the token with.
func (s *DB) StartPairing(ctx context.Context) (string, string, error) {
	b := make([]byte, 32)
	rand.Read(b)
	secret := base64.RawURLEncoding.EncodeToString(b)
	expires := faces.Now().Add(faces.PairingLifetime)
	for range 5 { // a code that is already waiting is drawn again
		code := newPairingCode()
		res, err := s.q.ExecContext(ctx, `INSERT INTO screen_pairings (code, secret_hash, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			code, hashToken(secret), s.stamp(expires))
		if err != nil {
			return "", "", err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return code, secret, nil
		}
	}
	return "", "", fmt.Errorf("no free pairing code after five draws")
}

// PairScreen marks the waiting code as paired with the screen; the token
// is made when the screen's browser collects it.
func (s *DB) PairScreen(ctx context.Context, screenID int64, code string) error {
	code = NormalizePairingCode(code)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "screens", screenID); err != nil || !ok {
			if err != nil {
				return err
			}
			return faces.Errorf(faces.ENOTFOUND, "Screen not found.")
		}
		res, err := tx.ExecContext(ctx, `UPDATE screen_pairings SET screen_id = $1 WHERE code = $2 AND screen_id IS NULL AND expires_at > $3`,
			screenID, code, s.stamp(faces.Now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &faces.Error{Code: faces.EINVALID, Message: "Please correct the code.",
				Fields: map[string]string{"code": "No screen is showing this code. Check it, or reload the screen for a new one."}}
		}
		return nil
	})
}

// ClaimPairing hands over the token of a paired code, once.
func (s *DB) ClaimPairing(ctx context.Context, secret string) (string, error) {
	var token string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var screenID sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, screen_id FROM screen_pairings WHERE secret_hash = $1 AND expires_at > $2`+s.forUpdate(),
			hashToken(secret), s.stamp(faces.Now())).Scan(&id, &screenID)
		if err == sql.ErrNoRows {
			return faces.Errorf(faces.ENOTFOUND, "This pairing code has expired.")
		}
		if err != nil || !screenID.Valid {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM screen_pairings WHERE id = $1`, id); err != nil {
			return err
		}
		token = newScreenToken()
		return s.issueScreenToken(ctx, tx, screenID.Int64, token)
	})
	return token, err
}

// PurgePairings removes expired codes.
func (s *DB) PurgePairings(ctx context.Context) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM screen_pairings WHERE expires_at <= $1`, s.stamp(faces.Now()))
	return err
}
