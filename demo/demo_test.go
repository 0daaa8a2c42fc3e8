package demo

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"
)

func TestFill(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := Fill(ctx, db); err != nil {
		t.Fatal(err)
	}
	all, n, _ := db.FindPeople(ctx, faces.PersonFilter{Limit: 100})
	if n != len(people) {
		t.Fatalf("%d people, want %d", n, len(people))
	}
	moved, withStory, consenting := 0, 0, 0
	for _, p := range all {
		if p.Current == nil {
			t.Errorf("%s has no current position", p.Name)
		}
		if p.PhotoHash == "" {
			t.Errorf("%s has no portrait", p.Name)
		}
		if h, _ := db.Positions(ctx, p.ID); len(h) > 1 {
			moved++
		}
		if st, _ := db.FindStory(ctx, p.ID); st.Card != "" {
			withStory++
		}
		if cs, _ := db.Consents(ctx, p.ID); len(cs) > 0 && cs[0].CurrentAt(faces.Now()) {
			consenting++
		}
	}
	if moved < 5 || withStory < 20 || consenting < 15 || consenting == n {
		t.Errorf("moved %d, with a story %d, consenting %d of %d", moved, withStory, consenting, n)
	}
	// A second fill is refused: demo data never mixes with real data.
	if err := Fill(ctx, db); faces.ErrorCode(err) != faces.ECONFLICT {
		t.Errorf("second fill: %v", err)
	}
	if at, _ := db.BuyingRolesAt(ctx, all[0].Current.CompanyID); len(at) == 0 {
		t.Error("no buying roles at the first person's company")
	}
	if rels, _ := db.Relationships(ctx, all[2].ID); len(rels) == 0 { // Bill Tran, by name order
		t.Errorf("%s has no relationships", all[2].Name)
	}
	if res, _ := db.Search(ctx, "night shift", 10); len(res.People) == 0 {
		t.Error("the demo's stories are not searchable")
	}
}

// failingStore stops the fill half-way, as a crash would.
type failingStore struct {
	*sqlstore.DB
	left int
}

func (f *failingStore) SavePhoto(ctx context.Context, personID int64, hash string, renditions map[string][]byte) error {
	if f.left--; f.left < 0 {
		return errors.New("the power went out")
	}
	return f.DB.SavePhoto(ctx, personID, hash, renditions)
}

// A fill stopped half-way leaves nothing, and the next one fills.
func TestFillIsAtomic(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "faces.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.WithinTx(ctx, func(tx *sqlstore.DB) error { return Fill(ctx, &failingStore{tx, 10}) })
	if err == nil {
		t.Fatal("the failing fill succeeded")
	}
	for _, table := range []string{"people", "companies", "positions", "stories", "photos", "audit_log"} {
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n)
		if n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
	if err := FillAtomically(ctx, db); err != nil {
		t.Fatalf("the next fill: %v", err)
	}
	if _, n, _ := db.FindPeople(ctx, faces.PersonFilter{Limit: 1}); n != len(people) {
		t.Errorf("%d people after the second fill", n)
	}
}
