package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/faces-org/faces"
)

var _ faces.UserService = (*DB)(nil)

const userColumns = `id, name, email, team, role, password_hash, disabled, created_at, updated_at`

func scanUser(r rowScanner) (*faces.User, error) {
	u := &faces.User{}
	err := r.Scan(&u.ID, &u.Name, &u.Email, &u.Team, &u.Role, &u.PasswordHash, &u.Disabled, timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt})
	return u, err
}

// FindUserByID returns one account.
func (s *DB) FindUserByID(ctx context.Context, id int64) (*faces.User, error) {
	u, err := scanUser(s.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, notFound(err, "Account")
}

// FindUserByEmail returns the account with this email, in any case.
func (s *DB) FindUserByEmail(ctx context.Context, email string) (*faces.User, error) {
	u, err := scanUser(s.q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))))
	return u, notFound(err, "Account")
}

// FindUsers lists every account by name.
func (s *DB) FindUsers(ctx context.Context) ([]*faces.User, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountUsers returns how many accounts there are.
func (s *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// CreateUser stores a new account; an email already in use is ECONFLICT.
func (s *DB) CreateUser(ctx context.Context, u *faces.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	now := faces.Now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = $1`, u.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &faces.Error{Code: faces.ECONFLICT, Message: "Please correct the account.",
				Fields: map[string]string{"email": "An account with this email already exists."}}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (name, email, team, role, password_hash, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, u.Name, u.Email, u.Team, string(u.Role), u.PasswordHash, u.Disabled, s.stamp(now)).Scan(&u.ID)
		if err != nil {
			return err
		}
		u.CreatedAt, u.UpdatedAt = now, now
		return s.audit(ctx, tx, faces.ActionCreate, "user", u.ID, nil, u)
	})
}

// UpdateUser replaces an account's name, team, role, password hash and
// disabled flag. When the password or role changes, or the account is
// disabled, every session of the account ends, in the same transaction.
// Taking the administrator role from the last enabled administrator is
// refused, checked in the same transaction as the change.
func (s *DB) UpdateUser(ctx context.Context, u *faces.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`+s.forUpdate(), u.ID))
		if err != nil {
			return notFound(err, "Account")
		}
		if before.Role == faces.RoleAdmin && !before.Disabled && (u.Role != faces.RoleAdmin || u.Disabled) {
			if err := s.keepAnAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		now := faces.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, team = $2, role = $3, password_hash = $4, disabled = $5, updated_at = $6 WHERE id = $7`,
			u.Name, u.Team, string(u.Role), u.PasswordHash, u.Disabled, s.stamp(now), u.ID); err != nil {
			return err
		}
		if before.PasswordHash != u.PasswordHash || before.Role != u.Role || u.Disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
				return err
			}
		}
		u.Email, u.CreatedAt, u.UpdatedAt = before.Email, before.CreatedAt, now
		return s.audit(ctx, tx, faces.ActionUpdate, "user", u.ID, before, u)
	})
}

// keepAnAdmin refuses a change that would leave no enabled administrator
// besides the account being changed. The administrators' rows are locked
// (PostgreSQL) or the whole database is (SQLite's immediate transactions),
// so two admins demoting each other at once cannot both succeed.
func (s *DB) keepAnAdmin(ctx context.Context, tx *sql.Tx, changing int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1`+s.forUpdate(), changing)
	if err != nil {
		return err
	}
	defer rows.Close()
	others := 0
	for rows.Next() {
		others++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if others == 0 {
		return &faces.Error{Code: faces.ECONFLICT, Message: "Please correct the account.",
			Fields: map[string]string{"role": "This is the only administrator; make someone else an administrator first."}}
	}
	return nil
}

// hashToken is how a session token is stored: a leaked table holds no
// usable sessions.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a session and returns its secret token.
func (s *DB) CreateSession(ctx context.Context, userID int64, expires time.Time) (string, error) {
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.stamp(faces.Now())
	_, err := s.q.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, expires_at, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)`,
		hashToken(token), userID, s.stamp(expires), now)
	return token, err
}

// touchEvery is how stale a session's last use may get before it is
// written again: one write a minute per session, not one per request.
const touchEvery = time.Minute

// UserBySession returns the user of a live session, or EUNAUTHORIZED.
func (s *DB) UserBySession(ctx context.Context, token string, idleSince time.Time) (*faces.User, error) {
	now := faces.Now()
	var lastSeen time.Time
	u := &faces.User{}
	err := s.q.QueryRowContext(ctx, `SELECT `+prefixed("u.", userColumns)+`, se.last_seen_at
		FROM sessions se JOIN users u ON u.id = se.user_id
		WHERE se.token_hash = $1 AND se.expires_at > $2 AND se.last_seen_at > $3 AND NOT u.disabled`,
		hashToken(token), s.stamp(now), s.stamp(idleSince)).Scan(&u.ID, &u.Name, &u.Email, &u.Team, &u.Role, &u.PasswordHash, &u.Disabled,
		timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt}, timeScan{&lastSeen})
	if err == sql.ErrNoRows {
		return nil, faces.Errorf(faces.EUNAUTHORIZED, "Please sign in.")
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(lastSeen) > touchEvery {
		if _, err := s.q.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, s.stamp(now), hashToken(token)); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// DeleteSession ends a session.
func (s *DB) DeleteSession(ctx context.Context, token string) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
	return err
}

// CountSignInAttempt counts an attempt and returns the key's attempts in
// its window, in one statement: parallel attempts each see their own
// count.
func (s *DB) CountSignInAttempt(ctx context.Context, key string, windowStart time.Time) (int, error) {
	var n int
	err := s.q.QueryRowContext(ctx, `INSERT INTO login_attempts (key, window_start, attempts) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			attempts = CASE WHEN login_attempts.window_start <= $3 THEN 1 ELSE login_attempts.attempts + 1 END,
			window_start = CASE WHEN login_attempts.window_start <= $3 THEN excluded.window_start ELSE login_attempts.window_start END
		RETURNING attempts`, key, s.stamp(faces.Now()), s.stamp(windowStart)).Scan(&n)
	return n, err
}

// ForgetSignInAttempt takes one attempt off a key's count.
func (s *DB) ForgetSignInAttempt(ctx context.Context, key string) error {
	_, err := s.q.ExecContext(ctx, `UPDATE login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0`, key)
	return err
}

// ClearSignInAttempts forgets every attempt of a key.
func (s *DB) ClearSignInAttempts(ctx context.Context, key string) error {
	_, err := s.q.ExecContext(ctx, `DELETE FROM login_attempts WHERE key = $1`, key)
	return err
}

// PurgeSignIns removes what can no longer be used: expired and idle
// sessions, and attempt counters of past windows.
func (s *DB) PurgeSignIns(ctx context.Context, idleSince, windowStart time.Time) error {
	if _, err := s.q.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`,
		s.stamp(faces.Now()), s.stamp(idleSince)); err != nil {
		return err
	}
	_, err := s.q.ExecContext(ctx, `DELETE FROM login_attempts WHERE window_start <= $1`, s.stamp(windowStart))
	return err
}
