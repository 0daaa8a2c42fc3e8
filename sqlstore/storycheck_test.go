package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// A story that praises our product is flagged when saved, with the
// sentences that make it so; new names check every story again, in the
// background (ReadAgain); the wall
// may leave such a person out; the flag goes to the trash and back.
func TestStoryCheck(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, staff := asStaff(t, db)
		jill, bill := &faces.Person{Name: "Jill Okafor"}, &faces.Person{Name: "Bill Tran"}
		for _, p := range []*faces.Person{jill, bill} {
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if err := db.GrantConsent(ctx, &faces.Consent{PersonID: p.ID, GrantedOn: day("2026-01-01"), Means: "signed form", RecordedBy: staff.ID}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SaveStory(ctx, &faces.Story{PersonID: jill.ID, Card: "Jill runs the night shift. She loves LabelFlow.", Source: "visit"}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveStory(ctx, &faces.Story{PersonID: bill.ID, Card: "Bill keeps forty trucks moving at night.", Source: "visit"}); err != nil {
			t.Fatal(err)
		}
		if st, _ := db.FindStory(ctx, jill.ID); len(st.AboutUs) != 0 {
			t.Errorf("flagged before LabelFlow is named as ours: %q", st.AboutUs)
		}
		if err := db.SaveStoryCheck(ctx, faces.StoryCheck{OurNames: []string{" LabelFlow ", "", "LabelFlow"}, WallSkips: true}); err != nil {
			t.Fatal(err)
		}
		if st, _ := db.FindStory(ctx, jill.ID); len(st.AboutUs) != 0 {
			t.Errorf("checked again in the saving, not in the background: %q", st.AboutUs)
		}
		readAgain(t, db)
		if c, _ := db.StoryCheck(ctx); !slices.Equal(c.OurNames, []string{"LabelFlow"}) || !c.WallSkips {
			t.Errorf("the settings: %+v", c)
		}
		if st, _ := db.FindStory(ctx, jill.ID); !slices.Equal(st.AboutUs, []string{"She loves LabelFlow."}) {
			t.Errorf("Jill's story: %q", st.AboutUs)
		}
		if people, err := db.StoriesAboutUs(ctx, 10); err != nil || len(people) != 1 || people[0].ID != jill.ID {
			t.Errorf("stories about us: %v, %v", people, err)
		}
		at := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
		cands, err := db.WallCandidates(ctx, at, 1, 10)
		if err != nil || len(cands) != 1 || cands[0].PersonID != bill.ID {
			t.Errorf("the wall's candidates when flagged stories stay off: %+v, %v", cands, err)
		}
		throughTheTrash(t, ctx, db, jill.ID)
		if st, _ := db.FindStory(ctx, jill.ID); len(st.AboutUs) != 1 {
			t.Errorf("the flag after the trash: %q", st.AboutUs)
		}
		// Told about, not skipped: the wall shows them again.
		if err := db.SaveStoryCheck(ctx, faces.StoryCheck{OurNames: []string{"LabelFlow"}}); err != nil {
			t.Fatal(err)
		}
		if cands, _ := db.WallCandidates(ctx, at, 1, 10); len(cands) != 2 {
			t.Errorf("the wall's candidates when flagged stories are shown: %d", len(cands))
		}
	})
}

// readAgain does all that new names or words for customers call for, a
// batch of one at a time, and fails the test if it never ends.
func readAgain(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	for batches := 0; ; batches++ {
		left, err := db.ReadAgain(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		if !left {
			return
		}
		if batches > 10_000 {
			t.Fatal("reading again never ends")
		}
	}
}
