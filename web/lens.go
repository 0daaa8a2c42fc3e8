package web

import "github.com/faces-org/faces/lens"

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
// whom it met and who went by their first names.
func lensReads(k lens.Known, pairs ...string) []lensRead {
	var out []lensRead
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, lensRead{Name: pairs[i], Read: lens.ReadText(pairs[i+1], k)})
		}
	}
	return out
}
