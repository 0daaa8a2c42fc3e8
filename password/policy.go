package password

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/faces-org/faces"
)

// MinLen is the fewest characters a password may have, not counting white
// space around it.
const MinLen = 8

// MaxLen bounds what is hashed: a megabyte of "password" would only cost
// the server time.
const MaxLen = 200

// common holds, in lower case, the passwords of at least MinLen characters
// among the 30,000 most common in zxcvbn's list (common-LICENSE.txt):
// guessed first by anyone who tries.
//
//go:embed common.txt
var commonList string

// common is built when a password is first checked, not when any faces
// command starts.
var common = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, pw := range strings.Split(commonList, "\n") {
		if pw != "" {
			m[pw] = true
		}
	}
	return m
})

// Check tells whether a new password is acceptable: long enough once
// trimmed, not absurdly long, and not one of the most common passwords.
func Check(pw string) error {
	trimmed := strings.TrimSpace(pw)
	switch {
	case utf8.RuneCountInString(trimmed) < MinLen:
		return invalid("Use at least 8 characters, not counting spaces around them.")
	case len(pw) > MaxLen:
		return invalid("Use at most 200 characters.")
	case common()[strings.ToLower(trimmed)]:
		return invalid("This is one of the most common passwords; please choose another.")
	}
	return nil
}

func invalid(msg string) error {
	return &faces.Error{Code: faces.EINVALID, Message: "Please choose another password.",
		Fields: map[string]string{"password": msg}}
}
