package password

import (
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{
		{"", false},
		{"        ", false},               // white space only
		{"  short  ", false},              // 5 characters once trimmed
		{"\t\n 1234567 \n", false},        // 7
		{"password1", false},              // common
		{"PassWord1", false},              // common, in any case
		{"  iloveyou2  ", false},          // common once trimmed
		{"qwertyuiop", false},             // common
		{strings.Repeat("x", 201), false}, // too long
		{"night shift at Acme", true},
		{"ünïcödé!", true}, // 8 characters, more bytes
	} {
		err := Check(tc.pw)
		if (err == nil) != tc.ok {
			t.Errorf("Check(%q) = %v, want ok=%v", tc.pw, err, tc.ok)
		}
		if err != nil && faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("Check(%q): code %s", tc.pw, faces.ErrorCode(err))
		}
	}
	if len(common()) < 5000 {
		t.Errorf("only %d common passwords loaded", len(common()))
	}
}
