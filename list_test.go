package faces

import "testing"

func TestCountText(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 1234: "1,234", 10_000: "10,000", 10_001: "10,000+", 2_000_000: "10,000+"} {
		if got := CountText(n); got != want {
			t.Errorf("CountText(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []Cursor{{Key: "Ann O'Neil: the 2nd", ID: 7}, {Key: "", ID: 1}, {Key: "Zoë 名", ID: 1 << 40}} {
		got, err := ParseCursor(c.String())
		if err != nil || *got != c {
			t.Errorf("%+v came back as %+v, %v", c, got, err)
		}
	}
	for _, bad := range []string{"!!", "eHl6", "MDp4", "LTE6eA"} {
		if _, err := ParseCursor(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseCursor(%q): %v", bad, err)
		}
	}
	if c, err := ParseCursor(""); c != nil || err != nil {
		t.Errorf("the empty cursor: %v, %v", c, err)
	}
}
