package faces_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

func TestPersonValidate(t *testing.T) {
	tests := []struct {
		name   string
		person faces.Person
		fields []string // the fields that must be reported
	}{
		{"fine", faces.Person{Name: "Jill", Emails: []string{"jill@acme.example"}, Links: []string{"https://x.example"}}, nil},
		{"no name", faces.Person{Name: "  "}, []string{"name"}},
		{"long name", faces.Person{Name: strings.Repeat("x", faces.MaxNameLen+1)}, []string{"name"}},
		{"bad email", faces.Person{Name: "Jill", Emails: []string{"jill at acme"}}, []string{"emails"}},
		{"bad link", faces.Person{Name: "Jill", Links: []string{"javascript:alert(1)"}}, []string{"links"}},
		{"too many tags", faces.Person{Name: "Jill", Tags: strings.Fields(strings.Repeat("t ", faces.MaxListLen+1))}, []string{"tags"}},
	}
	for _, tt := range tests {
		err := tt.person.Validate()
		if len(tt.fields) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var fe *faces.Error
		if !errors.As(err, &fe) || fe.Code != faces.EINVALID {
			t.Errorf("%s: got %v, want EINVALID", tt.name, err)
			continue
		}
		for _, f := range tt.fields {
			if fe.Fields[f] == "" {
				t.Errorf("%s: no message for %s in %v", tt.name, f, fe.Fields)
			}
		}
	}
}

func TestPersonValidateTidiesLists(t *testing.T) {
	p := faces.Person{Name: " Jill ", Tags: []string{" champion ", "", "  "}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Name != "Jill" || len(p.Tags) != 1 || p.Tags[0] != "champion" || p.Emails == nil {
		t.Errorf("tidied %+v", p)
	}
}

func TestMoveValidate(t *testing.T) {
	m := faces.Move{}
	var fe *faces.Error
	if err := m.Validate(); !errors.As(err, &fe) || fe.Fields["company"] == "" || fe.Fields["title"] == "" || fe.Fields["on"] == "" {
		t.Errorf("empty move: %v", err)
	}
	ok := faces.Move{CompanyID: 1, Title: " CFO ", On: time.Now()}
	if err := ok.Validate(); err != nil || ok.Title != "CFO" {
		t.Errorf("good move: %v, title %q", err, ok.Title)
	}
}

func TestErrorHelpers(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", faces.Errorf(faces.ENOTFOUND, "Person not found."))
	if faces.ErrorCode(err) != faces.ENOTFOUND || faces.ErrorMessage(err) != "Person not found." {
		t.Errorf("code %q message %q", faces.ErrorCode(err), faces.ErrorMessage(err))
	}
	plain := errors.New("disk on fire")
	if faces.ErrorCode(plain) != faces.EINTERNAL || faces.ErrorMessage(plain) != "Internal error." {
		t.Error("a plain error must read as internal, its details hidden")
	}
	if faces.ErrorCode(nil) != "" {
		t.Error("nil has no code")
	}
}

func TestActorContext(t *testing.T) {
	ctx := faces.NewContextWithActor(context.Background(), 42)
	if faces.ActorFromContext(ctx) != 42 || faces.ActorFromContext(context.Background()) != 0 {
		t.Error("actor not carried")
	}
}
