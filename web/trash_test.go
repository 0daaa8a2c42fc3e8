package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/postgres/postgrestest"
)

// Deleting asks first, goes to the trash, and can be undone; erasing is
// for admins and leaves nothing to restore.
func TestDeleteRestoreErase(t *testing.T) {
	f := newFixture(t)
	body := bodyOf(t, f.do(faces.RoleEditor, "GET", "/people/1/delete", nil))
	if !strings.Contains(body, "Move to the trash") || !strings.Contains(body, "30 days") {
		t.Errorf("the confirmation page:\n%s", body)
	}
	if _, err := f.db.FindPersonByID(t.Context(), 1); err != nil {
		t.Fatal("asking deleted the person")
	}
	resp := f.do(faces.RoleEditor, "POST", "/people/1/delete", url.Values{})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/trash?done=deleted" {
		t.Fatalf("delete: %d to %q", resp.StatusCode, loc)
	}
	body = bodyOf(t, f.do(faces.RoleEditor, "GET", "/trash?done=deleted", nil))
	if !strings.Contains(body, "Jill Okafor") || !strings.Contains(body, "Moved to the trash.") || strings.Contains(body, "Erase now") {
		t.Errorf("the trash, as an editor:\n%s", body)
	}
	if body := bodyOf(t, f.do(faces.RoleAdmin, "GET", "/trash", nil)); !strings.Contains(body, `href="/people/1/erase"`) {
		t.Error("an admin is not offered to erase from the trash")
	}
	items, _ := f.db.Trash(t.Context(), 10)
	resp = f.do(faces.RoleEditor, "POST", "/trash/"+itoa(items[0].ID)+"/restore", url.Values{})
	if loc := resp.Header.Get("Location"); loc != "/people/1?done=restored" {
		t.Fatalf("restore: %d to %q", resp.StatusCode, loc)
	}
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1?done=restored", nil)); !strings.Contains(body, "Restored from the trash.") {
		t.Error("the restored person's page does not say so")
	}
	body = bodyOf(t, f.do(faces.RoleAdmin, "GET", "/people/1/erase", nil))
	if !strings.Contains(body, "Erase for good") {
		t.Errorf("the erase confirmation:\n%s", body)
	}
	if resp := f.do(faces.RoleAdmin, "POST", "/people/1/erase", url.Values{}); resp.Header.Get("Location") != "/trash?done=erased" {
		t.Fatalf("erase: %d", resp.StatusCode)
	}
	if _, err := f.db.FindPersonByID(t.Context(), 1); faces.ErrorCode(err) != faces.ENOTFOUND {
		t.Error("an erased person is still there")
	}
	if items, _ := f.db.Trash(t.Context(), 10); len(items) != 0 {
		t.Error("an erased person is in the trash")
	}
}

// The API erases with 204, for admins only.
func TestAPIErase(t *testing.T) {
	f := newFixture(t)
	if resp, _ := f.api(faces.RoleEditor, "POST", "/api/v1/people/1/erase", ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor erasing: %d", resp.StatusCode)
	}
	if resp, _ := f.api(faces.RoleAdmin, "POST", "/api/v1/people/1/erase", ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("an admin erasing: %d", resp.StatusCode)
	}
	if resp, doc := f.api(faces.RoleAdmin, "POST", "/api/v1/people/1/erase", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("erasing twice: %d %v", resp.StatusCode, doc)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// On PostgreSQL the janitor sweeps an erasure out of the files at the
// sweep hour, or once it has waited a day; not before.
func TestHousekeepingSweepsErasures(t *testing.T) {
	f := newFixtureOn(t, postgrestest.Open(t))
	ctx := context.Background()
	if err := f.db.ErasePerson(ctx, 1); err != nil {
		t.Fatal(err)
	}
	f.server.SweepHour = (time.Now().In(time.Local).Hour() + 12) % 24 // not now
	if err := f.server.Housekeeping(ctx); err != nil {
		t.Fatal(err)
	}
	if due, _ := f.db.ErasureSweepDue(ctx); due.IsZero() {
		t.Fatal("swept outside the sweep hour")
	}
	f.server.SweepHour = time.Now().In(time.Local).Hour()
	if err := f.server.Housekeeping(ctx); err != nil {
		t.Fatal(err)
	}
	if due, _ := f.db.ErasureSweepDue(ctx); !due.IsZero() {
		t.Error("not swept at the sweep hour")
	}
}
