package faces

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Role is what a staff member may do.
type Role string

// The staff roles, from the most to the least powerful.
const (
	RoleAdmin  Role = "admin"  // everything, accounts and the audit trail
	RoleEditor Role = "editor" // create and change people, companies, stories
	RoleViewer Role = "viewer" // read
)

// Valid tells whether r is one of the roles.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleEditor || r == RoleViewer }

// CanEdit tells whether the role may change people and companies.
func (r Role) CanEdit() bool { return r == RoleAdmin || r == RoleEditor }

// CanAdminister tells whether the role may manage accounts and read the
// audit trail.
func (r Role) CanAdminister() bool { return r == RoleAdmin }

// User is a staff member who signs in to Faces.
type User struct {
	ID           int64
	Name         string
	Email        string
	Team         string
	Role         Role
	PasswordHash string `json:"-"`
	// Disabled accounts cannot sign in or use their API tokens.
	Disabled  bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	u.Name, u.Team = strings.TrimSpace(u.Name), strings.TrimSpace(u.Team)
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	f := fieldErrors{}
	f.check(u.Name != "", "name", "A name is required.")
	f.length("account", "name", u.Name)
	f.length("account", "team", u.Team)
	f.length("account", "email", u.Email)
	_, err := mail.ParseAddress(u.Email)
	f.check(err == nil && !strings.ContainsAny(u.Email, " <>"), "email", "A valid email address is required.")
	f.check(u.Role.Valid(), "role", "Choose admin, editor or viewer.")
	f.check(u.PasswordHash != "", "password", "A password is required.")
	return f.err("account")
}

// UserService keeps staff accounts and their sign-in sessions. Sessions
// live in the database, so any Faces server behind a load balancer can
// serve any request.
type UserService interface {
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	FindUsers(ctx context.Context) ([]*User, error)
	CountUsers(ctx context.Context) (int, error)
	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error

	// CreateSession starts a session for the user that lasts until expires
	// and returns its secret token (only a hash of it is stored).
	CreateSession(ctx context.Context, userID int64, expires time.Time) (token string, err error)
	// UserBySession returns the user of a session that has not expired,
	// has been used since idleSince, and whose account is not disabled;
	// it notes the session's use.
	UserBySession(ctx context.Context, token string, idleSince time.Time) (*User, error)
	DeleteSession(ctx context.Context, token string) error
	// (UpdateUser ends every session of an account whose password or role
	// changes, or which is disabled.)

	// CountSignInAttempt counts one sign-in attempt for a key (an email or
	// a client address) in a single atomic statement and returns the
	// attempts in the key's current window, which restarts when it began
	// at or before windowStart.
	CountSignInAttempt(ctx context.Context, key string, windowStart time.Time) (int, error)
	// ForgetSignInAttempt takes one attempt off a key's count, after a
	// sign-in succeeds; ClearSignInAttempts forgets them all.
	ForgetSignInAttempt(ctx context.Context, key string) error
	ClearSignInAttempts(ctx context.Context, key string) error
	// PurgeSignIns removes expired sessions, sessions idle since before
	// idleSince and attempt counters whose window began before windowStart.
	PurgeSignIns(ctx context.Context, idleSince, windowStart time.Time) error
}

// APIToken lets a script use the JSON API as a staff member, sent as
// "Authorization: Bearer TOKEN". Only a hash of the token is stored; the
// token itself is shown once, when it is made.
type APIToken struct {
	ID        int64
	UserID    int64
	Name      string
	CreatedAt time.Time
	LastUsed  time.Time
}

// TokenService keeps API tokens.
type TokenService interface {
	// CreateAPIToken makes a token for the user and returns its secret.
	CreateAPIToken(ctx context.Context, userID int64, name string) (*APIToken, string, error)
	UserByAPIToken(ctx context.Context, secret string) (*User, error)
	APITokens(ctx context.Context) ([]*APIToken, error)
	DeleteAPIToken(ctx context.Context, id int64) error
}
