package faces

import (
	"context"
	"strings"
	"time"
)

// Company is a customer organization: it holds people (current and
// former), locations and a story, and may be a key customer.
type Company struct {
	ID          int64
	Name        string
	Story       string
	KeyCustomer bool
	Locations   []string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate checks a company before it is stored.
func (c *Company) Validate() error {
	c.Name = strings.TrimSpace(c.Name)
	c.Locations = tidy(c.Locations)
	f := fieldErrors{}
	f.check(c.Name != "", "name", "A name is required.")
	f.length("company", "name", c.Name)
	f.length("company", "story", c.Story)
	f.check(len(c.Locations) <= MaxListLen, "locations", "Too many locations.")
	f.lengthEach("company", "locations", c.Locations)
	return f.err("company")
}

// CompanyFilter selects companies, by name.
type CompanyFilter struct {
	KeyCustomer bool // only key customers
	// After continues the list after the company the cursor names (its
	// name and id); Offset skips records, for short lists only.
	After  *Cursor
	Offset int
	Limit  int
}

// CompanyService keeps companies.
type CompanyService interface {
	FindCompanyByID(ctx context.Context, id int64) (*Company, error)
	FindCompanies(ctx context.Context, filter CompanyFilter) ([]*Company, int, error)
	CreateCompany(ctx context.Context, c *Company) error
	UpdateCompany(ctx context.Context, c *Company) error
	// DeleteCompany refuses (ECONFLICT) while anyone holds or held a
	// position there: their history must not lose its company.
	DeleteCompany(ctx context.Context, id int64) error
}
