package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// Changes to one person from many connections at once — what several
// servers on one PostgreSQL send — are applied one after the other: none
// fails on a constraint, each is audited, and each audit entry's "before"
// is what the previous change left.
func TestOnePersonChangedConcurrently(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		co := mustCompany(t, db, "Acme")
		p := &faces.Person{Name: "Jill Okafor"}
		if err := db.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		const writers = 12
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				if err := db.SaveStory(ctx, &faces.Story{PersonID: p.ID, Card: fmt.Sprintf("Story %d.", i)}); err != nil {
					t.Errorf("story %d: %v", i, err)
				}
			})
			wg.Go(func() {
				m := faces.Move{CompanyID: co.ID, Title: fmt.Sprintf("Title %d", i), On: day("2026-01-05")}
				if _, err := db.MovePerson(ctx, p.ID, m); err != nil {
					t.Errorf("move %d: %v", i, err)
				}
			})
			wg.Go(func() {
				q := *p
				q.Notes = fmt.Sprintf("Notes %d", i)
				if err := db.UpdatePerson(ctx, &q); err != nil {
					t.Errorf("update %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		var positions, open, moves, stories int
		sqldb := db.SQL()
		sqldb.QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE to_day IS NULL) FROM positions WHERE person_id = $1`, p.ID).Scan(&positions, &open)
		sqldb.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'move' AND entity_id = $1`, p.ID).Scan(&moves)
		sqldb.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'story' AND entity_id = $1`, p.ID).Scan(&stories)
		if positions != writers || open != 1 || moves != writers || stories != writers {
			t.Errorf("%d positions (%d open), %d move entries, %d story entries; want %d, 1, %d, %d", positions, open, moves, stories, writers, writers, writers)
		}
		// The story entries chain: each one's before is the one before's after.
		rows, err := sqldb.Query(`SELECT COALESCE(before_json, ''), after_json FROM audit_log WHERE entity = 'story' AND entity_id = $1 ORDER BY id`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		prev := ""
		for rows.Next() {
			var before, after string
			rows.Scan(&before, &after)
			if cardOf(before) != cardOf(prev) {
				t.Errorf("a story entry's before (%q) is not the previous after (%q)", cardOf(before), cardOf(prev))
			}
			prev = after
		}
	})
}

func cardOf(storyJSON string) string {
	var st faces.Story
	if storyJSON == "" || storyJSON == "null" {
		return ""
	}
	if err := jsonUnmarshal(storyJSON, &st); err != nil {
		return "?" + storyJSON
	}
	return st.Card
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
