package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"strings"

	"github.com/faces-org/faces"
)

var _ faces.TeamFeedService = (*DB)(nil)

// SetTeamFeed sets a team's calendar and issues a new secret for its
// feed (see faces.TeamFeedService).
func (s *DB) SetTeamFeed(ctx context.Context, f *faces.TeamFeed) (string, error) {
	f.SourceURL = strings.TrimSpace(f.SourceURL)
	if (f.SourceURL == "") == (len(f.Uploaded) == 0) {
		return "", faces.Errorf(faces.EINVALID, "Give the calendar's web address, or upload its file.")
	}
	if f.SourceURL != "" && !strings.HasPrefix(f.SourceURL, "https://") && !strings.HasPrefix(f.SourceURL, "http://") && !strings.HasPrefix(f.SourceURL, "webcal://") {
		return "", &faces.Error{Code: faces.EINVALID, Message: "Please correct the calendar.", Fields: map[string]string{"source_url": "A calendar's address starts with https://, http:// or webcal://."}}
	}
	b := make([]byte, 32)
	rand.Read(b)
	token := faces.FeedTokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	f.UpdatedBy, f.UpdatedAt = faces.ActorFromContext(ctx), faces.Now()
	var uploaded any
	if len(f.Uploaded) > 0 {
		uploaded = f.Uploaded
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM team_feeds WHERE team = $1`, f.Team); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO team_feeds (team, token_hash, source_url, uploaded, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			f.Team, hashToken(token), f.SourceURL, uploaded, f.UpdatedBy, s.stamp(f.UpdatedAt)); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionUpdate, "team_feed", 0, nil, map[string]any{"team": f.Team, "source_url": f.SourceURL, "uploaded_bytes": len(f.Uploaded)})
	})
	return token, err
}

const feedColumns = `team, source_url, uploaded, updated_by, updated_at`

func scanFeed(r rowScanner) (*faces.TeamFeed, error) {
	f := &faces.TeamFeed{}
	err := r.Scan(&f.Team, &f.SourceURL, &f.Uploaded, &f.UpdatedBy, timeScan{&f.UpdatedAt})
	return f, notFound(err, "Feed")
}

// TeamFeed returns a team's feed settings.
func (s *DB) TeamFeed(ctx context.Context, team string) (*faces.TeamFeed, error) {
	return scanFeed(s.q.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM team_feeds WHERE team = $1`, team))
}

// TeamFeedByToken returns the feed a secret opens.
func (s *DB) TeamFeedByToken(ctx context.Context, token string) (*faces.TeamFeed, error) {
	if !strings.HasPrefix(token, faces.FeedTokenPrefix) {
		return nil, faces.Errorf(faces.ENOTFOUND, "Feed not found.")
	}
	return scanFeed(s.q.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM team_feeds WHERE token_hash = $1`, hashToken(token)))
}

// DeleteTeamFeed stops a team's feed.
func (s *DB) DeleteTeamFeed(ctx context.Context, team string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM team_feeds WHERE team = $1`, team); err != nil {
			return err
		}
		return s.audit(ctx, tx, faces.ActionDelete, "team_feed", 0, map[string]string{"team": team}, nil)
	})
}
