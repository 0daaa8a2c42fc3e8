package web

import (
	"encoding/json"
	"time"

	"github.com/faces-org/faces"
)

// The API's JSON shapes, kept apart from the domain types so that the wire
// format changes only on purpose.

type apiPosition struct {
	ID          int64  `json:"id"`
	CompanyID   int64  `json:"company_id"`
	CompanyName string `json:"company_name"`
	Title       string `json:"title"`
	Division    string `json:"division"`
	From        string `json:"from"`
	To          string `json:"to,omitempty"`
}

func toAPIPosition(p *faces.Position) *apiPosition {
	if p == nil {
		return nil
	}
	out := &apiPosition{ID: p.ID, CompanyID: p.CompanyID, CompanyName: p.CompanyName, Title: p.Title, Division: p.Division,
		From: p.From.Format(time.DateOnly)}
	if !p.To.IsZero() {
		out.To = p.To.Format(time.DateOnly)
	}
	return out
}

type apiPerson struct {
	ID        int64        `json:"id"`
	Name      string       `json:"name"`
	Pronouns  string       `json:"pronouns"`
	Emails    []string     `json:"emails"`
	Phones    []string     `json:"phones"`
	Addresses []string     `json:"addresses"`
	Links     []string     `json:"links"`
	Tags      []string     `json:"tags"`
	Notes     string       `json:"notes"`
	Current   *apiPosition `json:"current"`
	PhotoHash string       `json:"photo_hash,omitempty"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

func toAPIPerson(p *faces.Person) apiPerson {
	return apiPerson{ID: p.ID, Name: p.Name, Pronouns: p.Pronouns, Emails: p.Emails, Phones: p.Phones, Addresses: p.Addresses, Links: p.Links,
		Tags: p.Tags, Notes: p.Notes, Current: toAPIPosition(p.Current), PhotoHash: p.PhotoHash, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// personInput is what a client sends to create or replace a person. On
// creation, company_id and title (with division and since, as in a move)
// record the first position in the same step.
type personInput struct {
	Name     string   `json:"name"`
	Pronouns string   `json:"pronouns"`
	Emails   []string `json:"emails"`
	Phones   []string `json:"phones"`
	// Addresses is optional: a client that does not know it keeps them.
	Addresses *[]string `json:"addresses"`
	Links     []string  `json:"links"`
	Tags      []string  `json:"tags"`
	Notes     string    `json:"notes"`

	CompanyID int64  `json:"company_id"`
	Title     string `json:"title"`
	Division  string `json:"division"`
	Since     string `json:"since"` // YYYY-MM-DD; today when empty

	// Read-only fields of apiPerson, accepted and ignored so that what GET
	// returns can be sent back.
	ID        int64           `json:"id"`
	Current   json.RawMessage `json:"current"`
	PhotoHash string          `json:"photo_hash"`
	CreatedAt json.RawMessage `json:"created_at"`
	UpdatedAt json.RawMessage `json:"updated_at"`
}

func (in personInput) apply(p *faces.Person) {
	p.Name, p.Pronouns, p.Notes = in.Name, in.Pronouns, in.Notes
	p.Emails, p.Phones, p.Links, p.Tags = in.Emails, in.Phones, in.Links, in.Tags
	if in.Addresses != nil {
		p.Addresses = *in.Addresses
	}
}

type moveInput struct {
	CompanyID int64  `json:"company_id"`
	Title     string `json:"title"`
	Division  string `json:"division"`
	On        string `json:"on"` // YYYY-MM-DD
}

type apiCompany struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Story       string    `json:"story"`
	KeyCustomer bool      `json:"key_customer"`
	Locations   []string  `json:"locations"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func toAPICompany(c *faces.Company) apiCompany {
	return apiCompany{ID: c.ID, Name: c.Name, Story: c.Story, KeyCustomer: c.KeyCustomer, Locations: c.Locations,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

type companyInput struct {
	Name        string   `json:"name"`
	Story       string   `json:"story"`
	KeyCustomer bool     `json:"key_customer"`
	Locations   []string `json:"locations"`

	// Read-only fields of apiCompany, accepted and ignored.
	ID        int64           `json:"id"`
	CreatedAt json.RawMessage `json:"created_at"`
	UpdatedAt json.RawMessage `json:"updated_at"`
}

type apiStory struct {
	Card      string     `json:"card"`
	Body      string     `json:"body"`
	Source    string     `json:"source"`
	SourceOf  string     `json:"source_of"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
	// AboutUs is read-only: the story check's sentences (see Story.AboutUs).
	AboutUs []string `json:"about_us,omitempty"`
}

type apiConsent struct {
	ID        int64      `json:"id"`
	GrantedOn string     `json:"granted_on"`
	Means     string     `json:"means"`
	Until     string     `json:"until,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	Note      string     `json:"note"`
	Current   bool       `json:"current"`
}

func toAPIConsent(c *faces.Consent) apiConsent {
	out := apiConsent{ID: c.ID, GrantedOn: c.GrantedOn.Format(time.DateOnly), Means: c.Means, Note: c.Note, Current: c.CurrentAt(faces.Now())}
	if !c.Until.IsZero() {
		out.Until = c.Until.Format(time.DateOnly)
	}
	if !c.RevokedAt.IsZero() {
		out.RevokedAt = &c.RevokedAt
	}
	return out
}

type consentInput struct {
	GrantedOn string `json:"granted_on"`
	Means     string `json:"means"`
	Until     string `json:"until"`
	Note      string `json:"note"`
}

type apiAuditEntry struct {
	ID       int64     `json:"id"`
	ActorID  int64     `json:"actor_id"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID int64     `json:"entity_id"`
	Before   any       `json:"before"`
	After    any       `json:"after"`
	At       time.Time `json:"at"`
}

// parseDay reads a YYYY-MM-DD field; empty is the zero time.
func parseDay(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return d, &faces.Error{Code: faces.EINVALID, Message: "Please correct the date.", Fields: map[string]string{field: "Give the day as YYYY-MM-DD."}}
	}
	return d, nil
}
