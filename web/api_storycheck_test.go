package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/faces-org/faces"
)

// Our names and our words for customers through the API: set, cleaned,
// read back, refused with a problem document when too many, and read by
// the lens on the pages.
func TestAPIStoryCheck(t *testing.T) {
	f := newFixture(t)
	resp, doc := f.api(faces.RoleAdmin, "GET", "/api/v1/story-check", "")
	if resp.StatusCode != http.StatusOK || fmt.Sprint(doc["our_names"], doc["customer_words"], doc["wall_skips"]) != "[] [] false" {
		t.Fatalf("nothing set: %d %v", resp.StatusCode, doc)
	}
	resp, doc = f.api(faces.RoleAdmin, "PUT", "/api/v1/story-check", `{"our_names":[" LabelFlow ","LabelFlow"],"customer_words":["members","  auction   houses ",""],"wall_skips":true}`)
	if resp.StatusCode != http.StatusOK || fmt.Sprint(doc["our_names"], doc["customer_words"], doc["wall_skips"]) != "[LabelFlow] [members auction houses] true" {
		t.Fatalf("set: %d %v", resp.StatusCode, doc)
	}
	if c, _ := f.db.StoryCheck(t0()); strings.Join(c.CustomerWords, "|") != "members|auction houses" {
		t.Errorf("stored: %+v", c)
	}
	words := make([]string, 51)
	for i := range words {
		words[i] = fmt.Sprintf(`"members of plan %d"`, i)
	}
	resp, doc = f.api(faces.RoleAdmin, "PUT", "/api/v1/story-check", `{"customer_words":[`+strings.Join(words, ",")+`]}`)
	if errs, _ := doc["errors"].(map[string]any); resp.StatusCode != http.StatusUnprocessableEntity || errs["customer_words"] == nil {
		t.Errorf("51 words: %d %v", resp.StatusCode, doc)
	}
	if c, _ := f.db.StoryCheck(t0()); len(c.CustomerWords) != 2 || !c.WallSkips {
		t.Errorf("a refused change changed the settings: %+v", c)
	}
	if resp, _ := f.api(faces.RoleAdmin, "PUT", "/api/v1/story-check", `{"customer_words":["members"],"colour":"red"}`); resp.StatusCode != http.StatusUnprocessableEntity || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("an unknown field: %d", resp.StatusCode)
	}
	c := &faces.Company{Name: "Harbor Credit Union", Story: "Its members still vote on every branch it opens."}
	if err := f.db.CreateCompany(t0(), c); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(t, f.do(faces.RoleViewer, "GET", fmt.Sprintf("/companies/%d", c.ID), nil)); !strings.Contains(page, `<mark class="lv-market" title="market">members</mark>`) {
		t.Errorf("the words set through the API are not read on the company's page")
	}
}
