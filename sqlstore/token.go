package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/faces-org/faces"
)

var _ faces.TokenService = (*DB)(nil)

// tokenPrefix marks Faces API tokens, so a leaked one is recognizable.
const tokenPrefix = "faces_"

// CreateAPIToken makes a token for the user and returns it with its secret.
func (s *DB) CreateAPIToken(ctx context.Context, userID int64, name string) (*faces.APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API token"
	}
	if n := faces.Limit("token.name"); utf8.RuneCountInString(name) > n {
		return nil, "", &faces.Error{Code: faces.EINVALID, Message: "Please correct the token.", Fields: map[string]string{"name": fmt.Sprintf("At most %d characters.", n)}}
	}
	b := make([]byte, 32)
	rand.Read(b)
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t := &faces.APIToken{UserID: userID, Name: name, CreatedAt: faces.Now()}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, userID)); err != nil {
			return notFound(err, "Account")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			userID, name, hashToken(secret), s.stamp(t.CreatedAt)).Scan(&t.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionCreate, "token", t.ID, nil, t)
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// UserByAPIToken returns the token's user, or EUNAUTHORIZED (also for a
// disabled account). A token's first use is audited; its last use is
// noted at most once a minute, not on every request.
func (s *DB) UserByAPIToken(ctx context.Context, secret string) (*faces.User, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return nil, faces.Errorf(faces.EUNAUTHORIZED, "Unknown API token.")
	}
	h := hashToken(secret)
	u := &faces.User{}
	var tokenID int64
	var lastUsed time.Time
	err := s.q.QueryRowContext(ctx, `SELECT `+prefixed("u.", userColumns)+`, t.id, t.last_used
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND NOT u.disabled`, h).Scan(
		&u.ID, &u.Name, &u.Email, &u.Team, &u.Role, &u.PasswordHash, &u.Disabled, timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt}, &tokenID, timeScan{&lastUsed})
	if err == sql.ErrNoRows {
		return nil, faces.Errorf(faces.EUNAUTHORIZED, "Unknown API token.")
	}
	if err != nil {
		return nil, err
	}
	now := faces.Now()
	switch {
	case lastUsed.IsZero():
		err = s.inTx(faces.NewContextWithActor(ctx, u.ID), func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used = $1 WHERE id = $2 AND last_used IS NULL`, s.stamp(now), tokenID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another request used it first
			}
			return s.auditAs(ctx, tx, u.ID, faces.ActionFirstUse, "token", tokenID, nil, nil)
		})
	case now.Sub(lastUsed) > touchEvery:
		_, err = s.q.ExecContext(ctx, `UPDATE api_tokens SET last_used = $1 WHERE id = $2`, s.stamp(now), tokenID)
	}
	return u, err
}

// APITokens lists every token, newest first.
func (s *DB) APITokens(ctx context.Context) ([]*faces.APIToken, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used FROM api_tokens ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*faces.APIToken{}
	for rows.Next() {
		t := &faces.APIToken{}
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, timeScan{&t.CreatedAt}, timeScan{&t.LastUsed}); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteAPIToken revokes a token.
func (s *DB) DeleteAPIToken(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return faces.Errorf(faces.ENOTFOUND, "Token not found.")
		}
		return s.audit(ctx, tx, faces.ActionDelete, "token", id, nil, nil)
	})
}
