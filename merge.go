package faces

import (
	"context"
	"time"
)

// DuplicatePair is two people who may be one, with the evidence.
type DuplicatePair struct {
	A, B     *Person
	Evidence []string // "the same e-mail address jill@acme.example", "the same name"…
}

// Merge is two people made one: everything of the one who goes — role
// history, story, consent, photo, relationships, buying roles, visits,
// insights, followers — is given to the one who stays, and the one who
// goes is put in the trash. It can be undone while they are there.
type Merge struct {
	ID       int64
	KeptID   int64
	GoneID   int64
	KeptName string
	GoneName string
	MergedBy int64
	MergedAt time.Time
	UndoneAt time.Time // zero while it holds
}

// Undoable tells whether the merge can still be undone: not undone yet,
// and the one who went still in the trash.
func (m *Merge) Undoable(now time.Time) bool {
	return m.UndoneAt.IsZero() && now.Before(m.MergedAt.AddDate(0, 0, TrashDays))
}

// ActionMerge and ActionUnmerge are the audit trail's words for a merge
// and its undoing.
const (
	ActionMerge   = "merge"
	ActionUnmerge = "unmerge"
)

// MergeService finds and merges duplicate people.
type MergeService interface {
	// Duplicates proposes pairs of people who may be one — the same
	// e-mail address, the same name — in the order of their key, after
	// the cursor, at most limit of them; it returns the next cursor ("" at
	// the end). Pairs marked as different people are left out.
	Duplicates(ctx context.Context, after string, limit int) ([]*DuplicatePair, string, error)
	// NotDuplicates records that two people are different people.
	NotDuplicates(ctx context.Context, a, b int64) error
	// MergePeople gives everything of gone to kept and puts gone in the
	// trash, in one transaction, audited.
	MergePeople(ctx context.Context, keptID, goneID int64) (*Merge, error)
	// UndoMerge puts both back as they were before the merge (ECONFLICT
	// once it cannot be).
	UndoMerge(ctx context.Context, mergeID int64) error
	FindMerge(ctx context.Context, id int64) (*Merge, error)
	// RecentMerges lists the latest merges, newest first.
	RecentMerges(ctx context.Context, limit int) ([]*Merge, error)
}
