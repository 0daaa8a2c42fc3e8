package sqlstore_test

import (
	"context"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

func TestInterviewGuides(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ana := staffMember(t, db, "Ana Lind", "Product")
		ctx := faces.NewContextWithActor(context.Background(), ana.ID)
		guides, err := db.FindGuides(ctx)
		if err != nil || len(guides) != 2 || guides[0].Name != "Discovery probes" || len(guides[0].Questions) != 4 ||
			guides[0].Questions[0].Links != faces.DecidesFor || guides[1].Name != "Who do you serve" || len(guides[1].Questions) != 3 {
			t.Fatalf("shipped guides %+v %v", guides, err)
		}
		acme := mustCompany(t, db, "Acme")
		jill, susan := &faces.Person{Name: "Jill Okafor"}, &faces.Person{Name: "Susan Achterberg"}
		for _, p := range []*faces.Person{jill, susan} {
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		v := &faces.Visit{On: day("2026-11-30"), CompanyID: acme.ID, Kind: "interview", NonSales: true, PersonIDs: []int64{jill.ID}, StaffIDs: []int64{ana.ID}}
		if err := db.CreateVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
		probes := guides[0]
		answers := []faces.Answer{
			{QuestionID: probes.Questions[0].ID, Text: "Susan signs off anything over 10k.", NamedPersonID: susan.ID},
			{QuestionID: probes.Questions[2].ID, Text: "More people, less machinery.", NamedPersonID: susan.ID}, // not a linking question
			{QuestionID: probes.Questions[3].ID, Text: "  "},                                                    // unanswered
		}
		if err := db.SaveAnswers(ctx, v.ID, susan.ID, answers); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("answers from someone not met: %v", err)
		}
		if err := db.SaveAnswers(ctx, v.ID, jill.ID, answers); err != nil {
			t.Fatal(err)
		}
		got, err := db.Answers(ctx, v.ID)
		if err != nil || len(got) != 2 || got[0].NamedName != "Susan Achterberg" || got[0].PersonName != "Jill Okafor" || got[1].NamedPersonID != 0 {
			t.Fatalf("answers %+v %v", got, err)
		}
		rels, _ := db.Relationships(ctx, susan.ID)
		if len(rels) != 1 || rels[0].Kind != faces.DecidesFor || rels[0].ToID != jill.ID {
			t.Errorf("the relationship the answer named: %+v", rels)
		}
		// The same answer again does not record the relationship twice.
		if err := db.SaveAnswers(ctx, v.ID, jill.ID, answers[:1]); err != nil {
			t.Fatal(err)
		}
		if rels, _ := db.Relationships(ctx, susan.ID); len(rels) != 1 {
			t.Errorf("relationships after the same answer twice: %d", len(rels))
		}
		// A guide of one's own.
		g := &faces.Guide{Name: " Night shift ", Questions: []faces.GuideQuestion{{Text: "What breaks first?"}, {Text: " "}}}
		if err := db.CreateGuide(ctx, g); err != nil || len(g.Questions) != 1 || g.Name != "Night shift" {
			t.Fatalf("a new guide %+v %v", g, err)
		}
		if err := db.CreateGuide(ctx, &faces.Guide{Name: "Empty"}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a guide without questions: %v", err)
		}
		// Erasing Jill keeps her answers, unattributed.
		if err := db.ErasePerson(ctx, jill.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Answers(ctx, v.ID); len(got) != 3 || got[0].PersonID != 0 || got[0].PersonName != "" {
			t.Errorf("answers after erasing Jill %+v", got)
		}
	})
}
