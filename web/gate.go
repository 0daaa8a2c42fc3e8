package web

import (
	"context"
	"time"

	"github.com/faces-org/faces"
	"golang.org/x/sync/semaphore"
)

// retryAfter is what a 503 tells the client to wait, in seconds.
const retryAfter = "5"

// A gate bounds how much of a costly kind of work — hashing a password
// (argon2id takes 19 MiB and tens of milliseconds) — runs at once. Requests
// beyond it wait their turn for a while, then are told to come back (503
// with Retry-After), so a burst of sign-ins costs a bounded amount of memory
// whatever its size.
type gate struct {
	sem      *semaphore.Weighted
	capacity int64
	wait     time.Duration
}

func newGate(capacity int64, wait time.Duration) *gate {
	return &gate{sem: semaphore.NewWeighted(capacity), capacity: capacity, wait: wait}
}

// enter waits for a place; call leave when done.
func (g *gate) enter(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, g.wait)
	defer cancel()
	if err := g.sem.Acquire(ctx, 1); err != nil {
		return faces.Errorf(faces.EUNAVAILABLE, "The server is busy; please try again in a few seconds.")
	}
	return nil
}

func (g *gate) leave() { g.sem.Release(1) }
