package sqlstore

import (
	"context"
	"time"
)

// ForgetWritingsForTest empties the leaders' view, as a database from
// before it was, and with again also forgets that it was ever read.
func (s *DB) ForgetWritingsForTest(ctx context.Context, again bool) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM writings`); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM writing_totals`); err != nil {
		return err
	}
	if !again {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM settings WHERE key IN ($1, $2)`, settingWritingsRead, settingInsightWritingsRead)
	return err
}

// ForgetInsightWritingsReadForTest makes the database one read for the
// leaders' view before insights were counted.
func (s *DB) ForgetInsightWritingsReadForTest(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, settingInsightWritingsRead)
	return err
}

// AgeCountsForTest makes every cached total as old as age.
func (s *DB) AgeCountsForTest(age time.Duration) {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	for k, e := range s.counts.m {
		e.at = time.Now().Add(-age)
		s.counts.m[k] = e
	}
}

// KeepCountsSlowerThanForTest sets how slow a count must have been to be
// kept through a write.
func (s *DB) KeepCountsSlowerThanForTest(d time.Duration) {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	s.counts.keepSlowerThan = d
}
