package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/faces-org/faces"
)

var _ faces.FollowService = (*DB)(nil)

// Follow makes a staff member follow a person by choice (a follow that was
// automatic becomes a chosen one).
func (s *DB) Follow(ctx context.Context, userID, personID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "people", personID); err != nil || !ok {
			if err != nil {
				return err
			}
			return faces.Errorf(faces.ENOTFOUND, "Person not found.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO follows (person_id, user_id, auto, created_at) VALUES ($1, $2, FALSE, $3)
			ON CONFLICT (person_id, user_id) DO UPDATE SET auto = FALSE`, personID, userID, s.stamp(faces.Now())); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "follow", personID, nil, map[string]int64{"UserID": userID})
	})
}

// autoFollow makes staff follow a person on their own, in the transaction
// that gave them a reason (a visit, an insight); a chosen follow stays.
func (s *DB) autoFollow(ctx context.Context, tx *sql.Tx, userID, personID int64) error {
	if userID == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO follows (person_id, user_id, auto, created_at) SELECT $1, id, TRUE, $3 FROM users WHERE id = $2
		ON CONFLICT (person_id, user_id) DO NOTHING`, personID, userID, s.stamp(faces.Now()))
	return err
}

// Unfollow stops a staff member following a person.
func (s *DB) Unfollow(ctx context.Context, userID, personID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM follows WHERE person_id = $1 AND user_id = $2`, personID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.audit(ctx, tx, faces.ActionDelete, "follow", personID, map[string]int64{"UserID": userID}, nil)
	})
}

// Following tells whether, and how, a staff member follows a person.
func (s *DB) Following(ctx context.Context, userID, personID int64) (faces.Following, error) {
	var f faces.Following
	err := s.q.QueryRowContext(ctx, `SELECT auto FROM follows WHERE person_id = $1 AND user_id = $2`, personID, userID).Scan(&f.Auto)
	if err == sql.ErrNoRows {
		return f, nil
	}
	f.Follows = err == nil
	return f, err
}

// notifyMove tells everyone following a person, but the one who recorded
// it, that they moved — in the move's transaction.
func (s *DB) notifyMove(ctx context.Context, tx *sql.Tx, p *faces.Person, from *faces.Position) error {
	to := p.Current
	text := fmt.Sprintf("%s moved from %s to %s as %s, from %s.", p.Name, from.CompanyName, to.CompanyName, to.Title, to.From.Format("2 Jan 2006"))
	if from.CompanyID == to.CompanyID {
		text = fmt.Sprintf("%s is now %s at %s (was %s), from %s.", p.Name, to.Title, to.CompanyName, from.Title, to.From.Format("2 Jan 2006"))
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, person_id, text, created_at)
		SELECT f.user_id, f.person_id, $1, $2 FROM follows f JOIN users u ON u.id = f.user_id WHERE f.person_id = $3 AND f.user_id <> $4 AND NOT u.disabled`,
		text, s.stamp(faces.Now()), p.ID, faces.ActorFromContext(ctx))
	return err
}

// Notifications lists a staff member's notifications, newest first.
func (s *DB) Notifications(ctx context.Context, userID int64, limit int) ([]*faces.Notification, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, user_id, person_id, text, created_at, read_at FROM notifications WHERE user_id = $1
		ORDER BY id DESC LIMIT $2`, userID, min(max(limit, 1), 200))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.Notification{}
	for rows.Next() {
		n := &faces.Notification{}
		if err := rows.Scan(&n.ID, &n.UserID, &n.PersonID, &n.Text, timeScan{&n.CreatedAt}, timeScan{&n.ReadAt}); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadCount counts unread notifications, up to 100 (a badge says 99+).
func (s *DB) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT 100) unread`, userID).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks every notification of a staff member read.
func (s *DB) MarkNotificationsRead(ctx context.Context, userID int64) error {
	_, err := s.q.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, s.stamp(faces.Now()), userID)
	return err
}

// PendingDigests returns what each staff member has not been e-mailed
// yet, in one query: at most 50 notifications each (a window per staff
// member), for at most 1,000 staff a round.
func (s *DB) PendingDigests(ctx context.Context) ([]faces.Digest, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+prefixed("u.", userColumns)+`, n.id, n.person_id, n.text, n.created_at FROM (
			SELECT id, user_id, person_id, text, created_at, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY id) AS k
			FROM notifications WHERE emailed_at IS NULL AND read_at IS NULL) n
		JOIN users u ON u.id = n.user_id WHERE n.k <= 50 AND NOT u.disabled ORDER BY u.id, n.id LIMIT 50000`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []faces.Digest
	for rows.Next() {
		u := &faces.User{}
		n := &faces.Notification{}
		if err := rows.Scan(&u.ID, &u.Name, &u.Email, &u.Team, &u.Role, &u.PasswordHash, &u.Disabled, timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt},
			&n.ID, &n.PersonID, &n.Text, timeScan{&n.CreatedAt}); err != nil {
			return nil, err
		}
		n.UserID = u.ID
		if len(out) == 0 || out[len(out)-1].User.ID != u.ID {
			out = append(out, faces.Digest{User: u})
		}
		last := &out[len(out)-1]
		last.Notifications = append(last.Notifications, n)
	}
	return out, rows.Err()
}

// MarkEmailed records that notifications were e-mailed.
func (s *DB) MarkEmailed(ctx context.Context, ids []int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET emailed_at = $1 WHERE id = $2`, s.stamp(faces.Now()), id); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClaimDigestDay lets one server, the first to ask, send a day's digests.
func (s *DB) ClaimDigestDay(ctx context.Context, day time.Time) (bool, error) {
	d := day.Format(time.DateOnly)
	res, err := s.q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('digest.last_day', $1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE settings.value <> excluded.value`, d)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
