package web

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/faces-org/faces"
)

// A picker is a text field that finds any person or company by search,
// however many there are (a select of every choice would not scale). With
// the script (static/pickers.js) its list fills as one types; without it,
// the server searches what was typed: one match is taken, and several come
// back as the field's list to choose from. Either way the chosen value
// ends with the record's id.
type picker struct {
	Name    string // the form field
	Kind    string // "people" or "companies"
	Value   string // what was typed or chosen
	Options []string
	// Optional pickers may be left empty (pick then returns 0).
	Optional bool
}

// pickerIDPattern finds the id a chosen value ends with.
var pickerIDPattern = regexp.MustCompile(`#(\d+)\s*$`)

func personOption(p *faces.Person) string {
	if p.Current != nil {
		return fmt.Sprintf("%s · %s, %s · #%d", p.Name, p.Current.Title, p.Current.CompanyName, p.ID)
	}
	return fmt.Sprintf("%s · #%d", p.Name, p.ID)
}

func companyOption(c *faces.Company) string {
	if len(c.Locations) > 0 {
		return fmt.Sprintf("%s · %s · #%d", c.Name, strings.Join(c.Locations, ", "), c.ID)
	}
	return fmt.Sprintf("%s · #%d", c.Name, c.ID)
}

// pickerMatches is how many matches a picker offers.
const pickerMatches = 12

// pick resolves a picker's value to a record id. A value that ends with an
// id names it; otherwise the words are searched: a single match, or a
// single exact name among the matches, is taken; none or several are a
// field error, with the matches as the picker's options.
func (s *Server) pick(ctx context.Context, pk *picker) (int64, error) {
	typed := strings.TrimSpace(pk.Value)
	if m := pickerIDPattern.FindStringSubmatch(typed); m != nil {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		return id, nil
	}
	what := map[string]string{"people": "person", "companies": "company"}[pk.Kind]
	if typed == "" && pk.Optional {
		return 0, nil
	}
	if typed == "" {
		return 0, pickerError(pk.Name, "Type a name to find the "+what+".")
	}
	res, err := s.store.Search(ctx, typed, pickerMatches)
	if err != nil {
		return 0, err
	}
	type match struct {
		id     int64
		name   string
		option string
	}
	var found []match
	if pk.Kind == "people" {
		for _, p := range res.People {
			found = append(found, match{p.ID, p.Name, personOption(p)})
		}
	} else {
		for _, c := range res.Companies {
			found = append(found, match{c.ID, c.Name, companyOption(c)})
		}
	}
	exact := []match{}
	for _, m := range found {
		if strings.EqualFold(m.name, typed) {
			exact = append(exact, m)
		}
	}
	switch {
	case len(found) == 1:
		return found[0].id, nil
	case len(exact) == 1:
		return exact[0].id, nil
	case len(found) == 0:
		return 0, pickerError(pk.Name, fmt.Sprintf("No %s matches “%s”.", what, typed))
	}
	for _, m := range found {
		pk.Options = append(pk.Options, m.option)
	}
	return 0, pickerError(pk.Name, fmt.Sprintf("Several match “%s”: choose one from the list.", typed))
}

func pickerError(field, msg string) error {
	return &faces.Error{Code: faces.EINVALID, Message: "Please choose from the list.", Fields: map[string]string{field: msg}}
}
