package sqlstore

import "context"

// ForgetWritingsForTest empties the leaders' view, as a database from
// before it was, and with again also forgets that it was ever read.
func (s *DB) ForgetWritingsForTest(ctx context.Context, again bool) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM writings`); err != nil {
		return err
	}
	if !again {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, settingWritingsRead)
	return err
}
