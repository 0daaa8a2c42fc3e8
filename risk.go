package faces

import (
	"context"
	"strings"
	"time"
)

// Risk is an at-risk flag on a person (they may leave, they have gone
// cold, they are unhappy) or on a company (the account may be lost): why,
// since when, and who raised it. It shows wherever they appear until it
// is cleared.
type Risk struct {
	ID        int64
	PersonID  int64 // one of PersonID and CompanyID
	CompanyID int64
	Reason    string
	Since     time.Time // the day
	FlaggedBy int64
	CreatedAt time.Time
	ClearedAt time.Time // zero while it holds
	ClearedBy int64
	// Read-only.
	FlaggedByName string
}

// Validate checks a flag before it is raised.
func (r *Risk) Validate() error {
	r.Reason = strings.TrimSpace(r.Reason)
	f := fieldErrors{}
	f.check(r.Reason != "", "reason", "Say why they are at risk.")
	f.length("risk", "reason", r.Reason)
	f.check(!r.Since.IsZero(), "since", "Give the day it began.")
	f.check(!r.Since.After(Today()), "since", "The day cannot be in the future.")
	f.check((r.PersonID > 0) != (r.CompanyID > 0), "person_id", "A flag is on a person or on a company.")
	return f.err("risk")
}

// RiskService keeps at-risk flags.
type RiskService interface {
	FlagRisk(ctx context.Context, r *Risk) error
	ClearRisk(ctx context.Context, id int64) (*Risk, error)
	// OpenRisks lists the flags that hold on a person or a company,
	// newest first.
	OpenRisks(ctx context.Context, personID, companyID int64) ([]*Risk, error)
	// PeopleAtRisk and CompaniesAtRisk return, for a page of people or
	// companies, the newest flag that holds on each that has one.
	PeopleAtRisk(ctx context.Context, ids []int64) (map[int64]*Risk, error)
	CompaniesAtRisk(ctx context.Context, ids []int64) (map[int64]*Risk, error)
}
