package faces

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry records one change: who made it, what, when, and the record
// before and after (as JSON; empty before a creation or after a deletion).
type AuditEntry struct {
	ID       int64
	ActorID  int64 // the staff member; 0 for the system (imports, demo data)
	Action   string
	Entity   string
	EntityID int64
	Before   json.RawMessage
	After    json.RawMessage
	At       time.Time
}

// Audit actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
	ActionMove   = "move"

	// Corrections of a person's role history, and moves planned ahead.
	ActionUpdatePosition = "update-position"
	ActionDeletePosition = "delete-position"
	ActionPlanMove       = "plan-move"
	ActionCancelMove     = "cancel-move"

	// Security events: who signed in or out, failed, was locked out, and
	// when an API token was first used. They carry no secrets.
	ActionSignIn       = "sign-in"
	ActionSignInFailed = "sign-in-failed"
	ActionLockOut      = "lock-out"
	ActionSignOut      = "sign-out"
	ActionFirstUse     = "first-use"

	// Screens: a token issued to a screen (by pairing or from the command
	// line) or taken back; pins and exclusions on the wall.
	ActionPair   = "pair"
	ActionRevoke = "revoke"
	ActionPin    = "pin"
	ActionLock   = "lock"
)

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	Action   string
	Entity   string
	EntityID int64
	ActorID  int64
	// Before continues the list with the entries older than this one (a
	// page's last entry id); Offset skips entries, for short lists only.
	Before int64
	Offset int
	Limit  int
}

// AuditService reads the audit trail; services write it, and
// RecordEvent writes an event that changes no record (a sign-in, say), as
// the context's actor.
// PersonAuditEntities are the audited records whose entity id is a
// person's: an erasure scrubs their entries, a subject access request
// reads them.
var PersonAuditEntities = []string{"person", "photo", "story", "consent", "buying_role", "relationship", "wall_pin", "follow", "event_guest"}

type AuditService interface {
	// FindAuditEntries lists a page of entries with how many match, up to
	// CountCap+1.
	FindAuditEntries(ctx context.Context, filter AuditFilter) ([]*AuditEntry, int, error)
	RecordEvent(ctx context.Context, action, entity string, entityID int64, details any) error
}

type actorKey struct{}

// NewContextWithActor returns a context that makes changes as the staff
// member with the given ID.
func NewContextWithActor(ctx context.Context, actorID int64) context.Context {
	return context.WithValue(ctx, actorKey{}, actorID)
}

// ActorFromContext returns the acting staff member's ID, or 0.
func ActorFromContext(ctx context.Context) int64 {
	id, _ := ctx.Value(actorKey{}).(int64)
	return id
}
