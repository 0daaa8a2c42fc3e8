package faces

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"syscall"
)

// Application error codes, mapped to HTTP statuses in one place (http/).
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	// EUNAVAILABLE: the server is busy with this kind of work; try again
	// in a few seconds.
	EUNAVAILABLE = "unavailable"
	// ETOOLARGE: a request body over its limit.
	ETOOLARGE = "too_large"
	// EUNSUPPORTED: a request body in a media type that is not accepted.
	EUNSUPPORTED = "unsupported"
	// EMETHOD: a method the address does not take.
	EMETHOD = "method"
	// ETOOMANY: too many attempts; wait before trying again.
	ETOOMANY = "too_many"
)

// Error is an error the application means to show: a code, a message for a
// person, and, for invalid input, what is wrong with each field.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string // field name → what is wrong with it
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("faces: %s: %s", e.Code, e.Message)
	}
	var parts []string
	for f, msg := range e.Fields {
		parts = append(parts, f+": "+msg)
	}
	sort.Strings(parts)
	return fmt.Sprintf("faces: %s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, EUNAVAILABLE for an
// error that says the database cannot be reached, EINTERNAL for any other
// error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case DatabaseUnreachable(err):
		return EUNAVAILABLE
	}
	return EINTERNAL
}

// ErrorMessage returns the message of an application error, or a generic
// one for any other error, whose details are for the log only.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	if DatabaseUnreachable(err) {
		return "The database cannot be reached just now. Please try again in a few seconds."
	}
	return "Internal error."
}

// DatabaseUnreachable tells whether err says the connection to the
// database failed or was lost (refused, reset, closed by a restarting
// server) rather than that a query was wrong: a server whose database is
// restarting answers 503 and the client tries again, instead of a 500.
// It looks at standard errors and at SQLSTATE classes, so that it needs no
// driver: 08 (connection exception), 57P01–57P03 (the server is shutting
// down, or starting).
func DatabaseUnreachable(err error) bool {
	if err == nil {
		return false
	}
	var opErr *net.OpError
	var state interface{ SQLState() string }
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &opErr):
		return true
	case errors.As(err, &state):
		code := state.SQLState()
		return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03"
	}
	return false
}

// fieldErrors collects what is wrong with each field of a record.
type fieldErrors map[string]string

func (f fieldErrors) check(ok bool, field, msg string) {
	if !ok {
		if _, seen := f[field]; !seen {
			f[field] = msg
		}
	}
}

// err returns nil when no field is wrong, or an EINVALID *Error.
func (f fieldErrors) err(what string) error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Please correct the " + what + ".", Fields: f}
}

// ErrorFields returns what is wrong with each field of an invalid record,
// or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
