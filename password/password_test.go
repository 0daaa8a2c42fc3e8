package password

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	h := Hash("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if h == Hash("correct horse battery") {
		t.Error("two hashes of one password are equal: no fresh salt")
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		if ok, err := Verify(pw, h); err != nil || ok != want {
			t.Errorf("Verify(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	// Hashes made with other parameters still verify.
	cheap := HashWith("pw", Params{Memory: 1024, Time: 1, Threads: 1})
	if ok, _ := Verify("pw", cheap); !ok {
		t.Error("a hash with other parameters did not verify")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=x$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=1024,t=1,p=0$c2FsdA$aGFzaA", "$argon2id$v=19$m=1024,t=1,p=1$!!$aGFzaA"} {
		if _, err := Verify("pw", h); err != ErrMalformed {
			t.Errorf("Verify(%q): %v, want ErrMalformed", h, err)
		}
	}
}
