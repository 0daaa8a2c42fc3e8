package faces

import "context"

// RelationshipKind is how one person stands to another.
type RelationshipKind string

// The kinds of relationship, each read from the first person to the
// second: "Bill reports to Jill".
const (
	ReportsTo           RelationshipKind = "reports_to"
	WorksWith           RelationshipKind = "works_with"
	DecidesFor          RelationshipKind = "decides_for"
	UsesInformationFrom RelationshipKind = "uses_information_from"
	IntroducedBy        RelationshipKind = "introduced_by"
)

// RelationshipKinds lists the kinds with their wording in both directions.
var RelationshipKinds = []struct {
	Kind             RelationshipKind
	Forward, Reverse string
}{
	{ReportsTo, "reports to", "manages"},
	{WorksWith, "works with", "works with"},
	{DecidesFor, "decides for", "has decisions made by"},
	{UsesInformationFrom, "uses information from", "provides information to"},
	{IntroducedBy, "was introduced by", "introduced"},
}

// Wording returns how the kind reads from the first person's side, or
// from the second's when reverse is true.
func (k RelationshipKind) Wording(reverse bool) string {
	for _, rk := range RelationshipKinds {
		if rk.Kind == k {
			if reverse {
				return rk.Reverse
			}
			return rk.Forward
		}
	}
	return string(k)
}

// Relationship links two people.
type Relationship struct {
	ID       int64
	FromID   int64
	ToID     int64
	Kind     RelationshipKind
	Note     string
	FromName string // read-only, for display
	ToName   string
}

// Validate checks a relationship before it is stored.
func (r *Relationship) Validate() error {
	f := fieldErrors{}
	f.check(r.Kind.Wording(false) != string(r.Kind), "kind", "Choose how they are related.")
	f.check(r.ToID > 0, "to", "Choose the other person.")
	f.check(r.FromID != r.ToID, "to", "A person cannot be related to themself.")
	f.length("relationship", "note", r.Note)
	return f.err("relationship")
}

// BuyingRole is the part a person plays in buying at a company.
type BuyingRole struct {
	ID          int64
	PersonID    int64
	CompanyID   int64
	Role        string // one of BuyingRoles
	PersonName  string // read-only, for display
	CompanyName string
}

// BuyingRoles are the parts people play in a purchase.
var BuyingRoles = []string{"champion", "decision maker", "economic buyer", "influencer", "evaluator", "blocker", "user"}

// Validate checks a buying role before it is stored.
func (b *BuyingRole) Validate() error {
	f := fieldErrors{}
	f.check(contains(BuyingRoles, b.Role), "role", "Choose a buying role.")
	f.check(b.CompanyID > 0, "company", "Choose the company.")
	return f.err("buying role")
}

// RelationshipService keeps relationships and buying roles.
type RelationshipService interface {
	// Relationships lists the relationships a person is in, either side.
	Relationships(ctx context.Context, personID int64) ([]*Relationship, error)
	AddRelationship(ctx context.Context, r *Relationship) error
	DeleteRelationship(ctx context.Context, id int64) error

	// BuyingRolesOf lists a person's buying roles; BuyingRolesAt a
	// company's people with theirs.
	BuyingRolesOf(ctx context.Context, personID int64) ([]*BuyingRole, error)
	BuyingRolesAt(ctx context.Context, companyID int64) ([]*BuyingRole, error)
	AddBuyingRole(ctx context.Context, b *BuyingRole) error
	DeleteBuyingRole(ctx context.Context, id int64) error
}
