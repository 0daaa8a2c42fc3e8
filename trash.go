package faces

import (
	"context"
	"time"
)

// TrashDays is how long a deleted person or company can be restored;
// after that it is erased for real.
const TrashDays = 30

// TrashItem is a deleted person or company, kept whole for TrashDays.
type TrashItem struct {
	ID        int64
	Entity    string // "person" or "company"
	EntityID  int64  // the id it had, and gets back when restored
	Name      string
	DeletedBy int64 // staff member
	DeletedAt time.Time
}

// ErasesAt is when the item leaves the trash for good.
func (t *TrashItem) ErasesAt() time.Time { return t.DeletedAt.AddDate(0, 0, TrashDays) }

// TrashService restores what was deleted, and erases.
//
// DeletePerson and DeleteCompany move a record, with everything that
// hangs on it (role history, story, consent, photo, relationships, buying
// roles), to the trash. Erasing goes further: nothing of the person's
// personal data remains anywhere in the database — the audit trail keeps
// who did what, when, on which record, but not the values.
type TrashService interface {
	// Trash lists deleted records, most recently deleted first.
	Trash(ctx context.Context, limit int) ([]*TrashItem, error)
	// FindTrashItem returns the trash item of a deleted person or company
	// ("person" or "company" and its old id), or ENOTFOUND.
	FindTrashItem(ctx context.Context, entity string, entityID int64) (*TrashItem, error)
	// RestoreFromTrash puts a record back under its old id. Links to
	// records that are gone meanwhile (a relationship with someone since
	// erased) are not restored.
	RestoreFromTrash(ctx context.Context, trashID int64) (*TrashItem, error)
	// ErasePerson forgets a person now, whether live or in the trash.
	ErasePerson(ctx context.Context, personID int64) error
	// EmptyTrash erases what was deleted before the time, and says how
	// many records it erased.
	EmptyTrash(ctx context.Context, deletedBefore time.Time) (int, error)
	// ErasureSweepDue says since when erased values wait to be swept out
	// of the database's files (the zero time if none wait); SweepErasures
	// sweeps them. Only databases that keep old row versions in their
	// files (PostgreSQL) ever have a sweep due.
	ErasureSweepDue(ctx context.Context) (time.Time, error)
	SweepErasures(ctx context.Context) error
}

// Audit actions of the trash.
const (
	ActionRestore = "restore"
	ActionErase   = "erase"
)
