package sqlstore

import (
	"context"
	"time"

	"github.com/faces-org/faces"
	"golang.org/x/sync/semaphore"
)

// writer queues the transactions that write, where the database takes one
// at a time: first come, first served.
type writer struct{ turn *semaphore.Weighted }

func newWriter() *writer { return &writer{turn: semaphore.NewWeighted(1)} }

// writerPatience bounds the wait for a turn, like SQLite's busy timeout.
const writerPatience = 10 * time.Second

// wait waits for the turn to write and returns the function that ends it;
// a nil writer (a database that takes writers side by side) does not wait.
func (w *writer) wait(ctx context.Context) (done func(), err error) {
	if w == nil {
		return func() {}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, writerPatience)
	defer cancel()
	if err := w.turn.Acquire(ctx, 1); err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, faces.Errorf(faces.EUNAVAILABLE, "The database is busy with other changes; please try again in a few seconds.")
		}
		return nil, err
	}
	return func() { w.turn.Release(1) }, nil
}
