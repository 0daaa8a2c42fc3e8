package faces

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"
)

// Contact is a person as an address book or a CRM export holds them: what
// an import reads, before it is matched to the people Faces knows.
type Contact struct {
	Line      int // the line of its file where it starts, for messages
	Name      string
	Pronouns  string
	Emails    []string
	Phones    []string
	Addresses []string
	Links     []string
	Tags      []string
	Notes     string
	Company   string // where they work now, as the file says
	Title     string
	Division  string

	// UID is the file's own name for the contact, which its other
	// contacts' Related may use (a vCard's UID).
	UID     string
	Related []ContactRelation
	Photo   ContactPhoto
	// History is the role history a Faces export wrote (company names,
	// titles, days); when present it replaces Company and Title for a new
	// person.
	History []Position
	// Story is the person's story, as a Faces export wrote it.
	Story *Story
	// NotAPerson says why the file's entry is not a person (an address
	// book's card of a company): reported as skipped, not an error.
	NotAPerson string
}

// ContactRelation is how a contact stands to someone else the file or
// Faces knows: To is another contact's UID, "mailto:" an address, or a
// name.
type ContactRelation struct {
	Kind RelationshipKind
	To   string
}

// ContactPhoto is a contact's portrait: the image's bytes or where to
// fetch it from, then — once it is taken, before the contact is stored —
// the portrait made of it, or the reason none could be.
type ContactPhoto struct {
	Data     []byte
	URL      string
	Portrait *Portrait
	Problem  string
}

// Wanted tells whether the contact came with a photo still to take.
func (p *ContactPhoto) Wanted() bool {
	return p.Portrait == nil && p.Problem == "" && (len(p.Data) > 0 || p.URL != "")
}

// Portrait is a photo made ready to store: the renditions by size name
// and the content hash that names them (see PhotoService).
type Portrait struct {
	Hash       string
	Renditions map[string][]byte
}

// Person is the new person the contact becomes when no one matches.
func (c *Contact) Person() *Person {
	return &Person{Name: c.Name, Pronouns: c.Pronouns, Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses,
		Links: c.Links, Tags: c.Tags, Notes: c.Notes}
}

// How an imported contact was found among the people Faces knows: by an
// e-mail address; by name and the company they work at; by name and a
// company they worked at (they moved since the file was written); and,
// for a contact with neither address nor company, by a name only one
// person has who has neither either.
const (
	MatchEmail             = "email"
	MatchNameCompany       = "name and company"
	MatchNameFormerCompany = "name and former company"
	MatchNameAlone         = "name alone"
)

// ImportOptions steer an import.
type ImportOptions struct {
	// DryRun does all the work and reports it, and changes nothing.
	DryRun bool
	// SkipInvalid skips a contact that cannot be imported (reporting its
	// line and why) instead of stopping the import with nothing changed.
	SkipInvalid bool
	// Progress, when set, is told every so often how many contacts have
	// been read.
	Progress func(read int)
}

// LineProblem is what was wrong with one line of an imported file.
type LineProblem struct {
	Line   int
	Reason string
}

func (p LineProblem) Error() string { return fmt.Sprintf("line %d: %s", p.Line, p.Reason) }

// ImportReport says what an import did (or, in a dry run, would do).
type ImportReport struct {
	Read      int            // contacts read
	Created   int            // new people
	Updated   int            // people matched and given what the file added
	Unchanged int            // people matched, with nothing new
	MatchedBy map[string]int // matches by way: MatchEmail…
	Companies int            // companies created
	Skipped   []LineProblem  // contacts not imported (SkipInvalid)
	// ForAHuman are contacts left for a person to decide: one whose
	// e-mail belonged to an erased person, one that matches several
	// people.
	ForAHuman []LineProblem
	// Unplaced are new people the file gives a company but no title: a
	// position needs one, so they are not placed there.
	Unplaced []LineProblem
	// Photos counts the portraits taken from the file; PhotoProblems are
	// those that could not be (the person is imported without).
	Photos        int
	PhotoProblems []LineProblem
	// Linked counts the relationships made from the file's contacts.
	Linked int
	DryRun bool
	Took   time.Duration
}

// MaxReportedLines bounds each list of lines in a report; past it only
// the count grows.
const MaxReportedLines = 1000

// ImportService takes in contacts.
type ImportService interface {
	// ImportContacts matches each contact to a person Faces knows (by
	// e-mail, then name and company, then name and former company) or
	// creates one, in one transaction: it completes, or — on an invalid
	// contact without SkipInvalid, a read error, cancellation — changes
	// nothing and says which line failed and why.
	ImportContacts(ctx context.Context, contacts iter.Seq2[*Contact, error], opts ImportOptions) (*ImportReport, error)
}

// ContactUpload is a contact file uploaded in the web pages, on its way
// through mapping its columns, a check (a dry run) and the import.
type ContactUpload struct {
	ID          int64
	UserID      int64
	Name        string   // the file's name
	Fields      []string // the field each column fills ("": not read)
	SkipInvalid bool
	State       string // UploadUploaded…
	DryRun      bool   // the run under way or last done was a check
	Read        int    // contacts read so far by the run under way
	Report      *ImportReport
	Error       string // why the last run failed
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// The states of an upload.
const (
	UploadUploaded  = "uploaded"  // waiting for its mapping
	UploadRunning   = "running"   // a check or an import under way
	UploadChecked   = "checked"   // a check done: Report says what would happen
	UploadDone      = "done"      // imported
	UploadFailed    = "failed"    // the run changed nothing; Error says why
	UploadCancelled = "cancelled" // the run was cancelled and changed nothing
)

// MaxUploadBytes bounds a contact file uploaded in the web pages (larger
// ones go through `faces import`): on SQLite an import holds the one
// writer while it runs, and a file of this size takes seconds.
const MaxUploadBytes = 5 << 20

// UploadStale is how long a run may go without a sign of progress before
// its server is taken for gone (its transaction, and so the import, went
// with it).
const UploadStale = time.Minute

// UploadService keeps contact uploads.
type UploadService interface {
	CreateUpload(ctx context.Context, u *ContactUpload, data []byte) error
	FindUpload(ctx context.Context, id int64) (*ContactUpload, error)
	UploadData(ctx context.Context, id int64) ([]byte, error)
	// UpdateUpload saves the upload's fields, state, progress, report and
	// error; it returns whether a cancellation was asked for meanwhile.
	UpdateUpload(ctx context.Context, u *ContactUpload) (cancel bool, err error)
	// StartUpload moves an upload to running, unless a run is under way
	// (ECONFLICT): two clicks, or two servers, never run one file twice.
	StartUpload(ctx context.Context, u *ContactUpload) error
	CancelUpload(ctx context.Context, id int64) error
	PurgeUploads(ctx context.Context, before time.Time) (int, error)
}

// Ways words how the known people were found: "3 by email, 1 by name and
// company".
func (r *ImportReport) Ways() string {
	var ways []string
	for _, way := range []string{MatchEmail, MatchNameCompany, MatchNameFormerCompany, MatchNameAlone} {
		if n := r.MatchedBy[way]; n > 0 {
			ways = append(ways, fmt.Sprintf("%d by %s", n, way))
		}
	}
	return strings.Join(ways, ", ")
}
