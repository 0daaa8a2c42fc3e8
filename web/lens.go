package web

import (
	"context"

	"github.com/faces-org/faces/lens"
)

// lensRead is one of a record's free texts as the lens reads it.
type lensRead struct {
	Name string
	lens.Read
}

// lensReads reads a record's free texts, given as name and text pairs,
// leaving out the empty ones: a page shows how concretely each speaks of
// customers, and can show its references marked. k is what Faces knows of
// them: a person's notes speak of "her" without naming her again, a
// company's of "Northwind" without introducing it, and a visit's of
// whom it met and who went by their first names. words are our names and
// our words for customers (lensWords), the same for every text.
func lensReads(words, k lens.Known, pairs ...string) []lensRead {
	k.Ours, k.Customers = words.Ours, words.Customers
	var out []lensRead
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, lensRead{Name: pairs[i], Read: lens.ReadText(pairs[i+1], k)})
		}
	}
	return out
}

// lensWords returns what the lens is told of every text: our own names and
// our words for our customers, as the story check's settings give them.
func (s *Server) lensWords(ctx context.Context) (lens.Known, error) {
	c, err := s.store.StoryCheck(ctx)
	return lens.Known{Ours: c.OurNames, Customers: c.CustomerWords}, err
}
