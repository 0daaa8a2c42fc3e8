package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/faces-org/faces"
)

var _ faces.AuditService = (*DB)(nil)

// FindAuditEntries lists audit entries, newest first, with how many match
// (counted up to CountCap+1). Each filter reads an index ending in the id:
// audit_log_entity_id, audit_log_entity, audit_log_actor.
func (s *DB) FindAuditEntries(ctx context.Context, f faces.AuditFilter) ([]*faces.AuditEntry, int, error) {
	where, args := []string{"1=1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if f.Entity != "" {
		add("entity = $%d", f.Entity)
	}
	if f.EntityID != 0 {
		add("entity_id = $%d", f.EntityID)
	}
	if f.ActorID != 0 {
		add("actor_id = $%d", f.ActorID)
	}
	cond := strings.Join(where, " AND ")
	total, err := s.count(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM audit_log WHERE %s LIMIT %d) matches`, cond, faces.CountCap+1), args...)
	if err != nil {
		return nil, 0, err
	}
	if f.Before != 0 {
		add("id < $%d", f.Before)
		cond = strings.Join(where, " AND ")
	}
	args = append(args, limit(f.Limit), max(f.Offset, 0))
	rows, err := s.q.QueryContext(ctx, fmt.Sprintf(`SELECT id, actor_id, action, entity, entity_id, before_json, after_json, at
		FROM audit_log WHERE %s ORDER BY id DESC LIMIT $%d OFFSET $%d`, cond, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*faces.AuditEntry{}
	for rows.Next() {
		e := &faces.AuditEntry{}
		var before, after *string
		if err := rows.Scan(&e.ID, &e.ActorID, &e.Action, &e.Entity, &e.EntityID, &before, &after, timeScan{&e.At}); err != nil {
			return nil, 0, err
		}
		if before != nil {
			e.Before = []byte(*before)
		}
		if after != nil {
			e.After = []byte(*after)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// RecordEvent writes an audit entry for an event that changes no record;
// its details go where a change's "after" would.
func (s *DB) RecordEvent(ctx context.Context, action, entity string, entityID int64, details any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, action, entity, entityID, nil, details)
	})
}
