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

const userColumns = `id, name, email, team, role, password_hash, created_at, updated_at`

func scanUser(r rowScanner) (*faces.User, error) {
	u := &faces.User{}
	err := r.Scan(&u.ID, &u.Name, &u.Email, &u.Team, &u.Role, &u.PasswordHash, timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt})
	return u, err
}

// FindUserByID returns one account.
func (s *DB) FindUserByID(ctx context.Context, id int64) (*faces.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, notFound(err, "Account")
}

// FindUserByEmail returns the account with this email, in any case.
func (s *DB) FindUserByEmail(ctx context.Context, email string) (*faces.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))))
	return u, notFound(err, "Account")
}

// FindUsers lists every account by name.
func (s *DB) FindUsers(ctx context.Context) ([]*faces.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name, id`)
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
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
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
		err := tx.QueryRowContext(ctx, `INSERT INTO users (name, email, team, role, password_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, u.Name, u.Email, u.Team, string(u.Role), u.PasswordHash, s.stamp(now)).Scan(&u.ID)
		if err != nil {
			return err
		}
		u.CreatedAt, u.UpdatedAt = now, now
		return s.audit(ctx, tx, faces.ActionCreate, "user", u.ID, nil, u)
	})
}

// UpdateUser replaces an account's name, team, role and password hash.
func (s *DB) UpdateUser(ctx context.Context, u *faces.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, u.ID))
		if err != nil {
			return notFound(err, "Account")
		}
		now := faces.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, team = $2, role = $3, password_hash = $4, updated_at = $5 WHERE id = $6`,
			u.Name, u.Team, string(u.Role), u.PasswordHash, s.stamp(now), u.ID); err != nil {
			return err
		}
		u.Email, u.CreatedAt, u.UpdatedAt = before.Email, before.CreatedAt, now
		return s.audit(ctx, tx, faces.ActionUpdate, "user", u.ID, before, u)
	})
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
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)`,
		hashToken(token), userID, s.stamp(expires), s.stamp(faces.Now()))
	return token, err
}

// UserBySession returns the user of an unexpired session, or EUNAUTHORIZED.
func (s *DB) UserBySession(ctx context.Context, token string) (*faces.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT u.id, u.name, u.email, u.team, u.role, u.password_hash, u.created_at, u.updated_at
		FROM sessions se JOIN users u ON u.id = se.user_id WHERE se.token_hash = $1 AND se.expires_at > $2`,
		hashToken(token), s.stamp(faces.Now())))
	if err == sql.ErrNoRows {
		return nil, faces.Errorf(faces.EUNAUTHORIZED, "Please sign in.")
	}
	return u, err
}

// DeleteSession ends a session.
func (s *DB) DeleteSession(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
	return err
}

// RecordLoginFailure counts a failed sign-in and returns the failures of
// the key since since. Older failures of the key are pruned.
func (s *DB) RecordLoginFailure(ctx context.Context, key string, since time.Time) (int, error) {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1 AND at <= $2`, key, s.stamp(since)); err != nil {
		return 0, err
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, s.stamp(faces.Now())); err != nil {
		return 0, err
	}
	return s.LoginFailures(ctx, key, since)
}

// LoginFailures returns the failures of a key since since.
func (s *DB) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2`, key, s.stamp(since)).Scan(&n)
	return n, err
}
