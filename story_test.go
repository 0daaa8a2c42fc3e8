package faces_test

import (
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

func TestConsentCurrentAt(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		c    faces.Consent
		want bool
	}{
		{"open-ended", faces.Consent{GrantedOn: d("2026-01-01")}, true},
		{"granted today", faces.Consent{GrantedOn: d("2026-11-23")}, true},
		{"not yet", faces.Consent{GrantedOn: d("2026-12-01")}, false},
		{"ends today", faces.Consent{GrantedOn: d("2026-01-01"), Until: d("2026-11-23")}, true},
		{"ended", faces.Consent{GrantedOn: d("2026-01-01"), Until: d("2026-11-22")}, false},
		{"revoked", faces.Consent{GrantedOn: d("2026-01-01"), RevokedAt: now.Add(-time.Minute)}, false},
	}
	for _, tt := range tests {
		if got := tt.c.CurrentAt(now); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	var none *faces.Consent
	if none.CurrentAt(now) {
		t.Error("no consent is no consent")
	}
}

func TestStoryValidate(t *testing.T) {
	ok := faces.Story{Card: "Runs the night shift at Plant 2.", Body: "…", Source: "visit"}
	if err := ok.Validate(); err != nil {
		t.Error(err)
	}
	for name, s := range map[string]faces.Story{
		"long card":      {Card: strings.Repeat("é", faces.MaxCardLen+1)},
		"story, no card": {Body: "A long story."},
		"odd source":     {Card: "x", Source: "rumour"},
	} {
		if faces.ErrorCode(s.Validate()) != faces.EINVALID {
			t.Errorf("%s: accepted", name)
		}
	}
	// 280 characters of two bytes each still fit.
	fits := faces.Story{Card: strings.Repeat("é", faces.MaxCardLen)}
	if err := fits.Validate(); err != nil {
		t.Error(err)
	}
}
