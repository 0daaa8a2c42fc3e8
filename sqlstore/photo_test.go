package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

// Many people given the same picture at once, while others swap pictures
// back and forth: no upload fails, and every portrait keeps its
// renditions (on PostgreSQL, concurrent transactions once inserted one
// picture's renditions twice, deadlocked, or dropped renditions another
// portrait was about to use).
func TestPhotosSavedConcurrently(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		renditions := func(tag string) map[string][]byte {
			return map[string][]byte{"full": []byte("full " + tag), "thumb": []byte("thumb " + tag), "card": []byte("card " + tag)}
		}
		const people = 40
		ids := make([]int64, people)
		for i := range ids {
			p := &faces.Person{Name: fmt.Sprintf("Person %d", i)}
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			ids[i] = p.ID
		}
		var wg sync.WaitGroup
		for round := range 6 {
			for i, id := range ids {
				wg.Go(func() {
					hash := fmt.Sprintf("shared-%d", round) // new to the database
					if i%3 == 0 {                           // these swap between two pictures
						hash = fmt.Sprintf("swap-%d", (i/3+round)%2)
					}
					if err := db.SavePhoto(ctx, id, hash, renditions(hash)); err != nil {
						t.Errorf("person %d, round %d: %v", i, round, err)
					}
				})
			}
			wg.Wait()
		}
		for i, id := range ids {
			p, err := db.FindPersonByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, size := range []string{"full", "thumb", "card"} {
				if b, err := db.PhotoRendition(ctx, p.PhotoHash, size); err != nil || string(b) != size+" "+p.PhotoHash {
					t.Errorf("person %d's %s rendition of %q: %q %v", i, size, p.PhotoHash, b, err)
				}
			}
		}
	})
}
