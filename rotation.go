package faces

import (
	"cmp"
	"hash/fnv"
	"slices"
	"strings"
	"time"
)

// WallCandidate is one person a period's set may hold, with what the pick
// weighs: consent, photo, company, level and when they were last picked.
type WallCandidate struct {
	PersonID  int64
	CompanyID int64
	Title     string
	HasPhoto  bool
	Consent   bool      // current consent when the period starts
	LastShown time.Time // start of the last period they were picked for; zero if never
}

// WallPlan is everything a pick depends on.
type WallPlan struct {
	People []WallCandidate
	Pins   map[int64]PinMode
	Size   int
	Seed   int64
	Period WallPeriod
}

// Levels a title can show, from the top of an organization to its floor:
// the wall mixes them so that it is not a wall of executives.
const (
	LevelExecutive = "executive"
	LevelManager   = "manager"
	LevelStaff     = "staff"
)

var executiveWords = []string{"chief", "ceo", "cfo", "cto", "coo", "cio", "cmo", "president", "vp", "vice president",
	"director", "head of", "founder", "owner", "partner", "general manager", "managing director", "executive"}
var managerWords = []string{"manager", "lead", "supervisor", "foreman", "forewoman", "coordinator", "principal", "superintendent"}

// LevelOf tells a title's level by its words: "VP Engineering" is an
// executive, "Ops Manager" a manager, "Line Operator" staff.
func LevelOf(title string) string {
	t := " " + strings.ToLower(strings.NewReplacer(",", " ", ".", " ", "-", " ", "/", " ").Replace(title)) + " "
	has := func(words []string) bool {
		for _, w := range words {
			if strings.Contains(t, " "+w+" ") || strings.Contains(t, " "+w+"s ") {
				return true
			}
		}
		return false
	}
	switch {
	case has(executiveWords):
		return LevelExecutive
	case has(managerWords):
		return LevelManager
	}
	return LevelStaff
}

// PickWall chooses a period's set of faces. The rules, in order:
//
//   - only people with consent, and never anyone excluded;
//   - pinned people first (the least recently shown of them if there are
//     more pins than places);
//   - then people with a photo before people without — it is a wall of
//     faces;
//   - among those, the least recently shown first, never-shown before all,
//     ties broken by the seed;
//   - among people equal so far (with a photo or not, last shown in the
//     same period), no company and no level (executive, manager, staff)
//     takes more than its fair share — the size divided by how many
//     companies or levels are in the running — then twice it, and so on,
//     so that places are filled even when fairness cannot be kept.
//
// The same plan always gives the same set.
func PickWall(plan WallPlan) []int64 {
	if plan.Size <= 0 {
		return nil
	}
	var pinned, rest []WallCandidate
	for _, c := range plan.People {
		switch {
		case !c.Consent || plan.Pins[c.PersonID] == Excluded:
		case plan.Pins[c.PersonID] == Pinned:
			pinned = append(pinned, c)
		default:
			rest = append(rest, c)
		}
	}
	order := func(a, b WallCandidate) int {
		if a.HasPhoto != b.HasPhoto {
			if a.HasPhoto {
				return -1
			}
			return 1
		}
		if c := a.LastShown.Compare(b.LastShown); c != 0 {
			return c // the zero time, never shown, sorts first
		}
		return cmp.Or(cmp.Compare(shuffle(plan.Seed, a.PersonID), shuffle(plan.Seed, b.PersonID)), cmp.Compare(a.PersonID, b.PersonID))
	}
	slices.SortFunc(pinned, order)
	slices.SortFunc(rest, order)

	set := make([]int64, 0, plan.Size)
	byCompany, byLevel := map[int64]int{}, map[string]int{}
	for _, c := range pinned {
		if len(set) == plan.Size {
			return set
		}
		set = append(set, c.PersonID)
		byCompany[c.CompanyID]++
		byLevel[LevelOf(c.Title)]++
	}

	companies, levels := map[int64]bool{}, map[string]bool{}
	for _, c := range rest {
		companies[c.CompanyID] = true
		levels[LevelOf(c.Title)] = true
	}
	share := func(kinds int) int { return max(1, (plan.Size+kinds-1)/max(1, kinds)) }
	companyShare, levelShare := share(len(companies)), share(len(levels))
	// Take each group of equals (photo or not, last shown in the same
	// period) whole before the next, so recency is never traded for mix;
	// within a group, fair shares first, then twice them, and so on.
	for len(rest) > 0 && len(set) < plan.Size {
		n := 1
		for n < len(rest) && rest[n].HasPhoto == rest[0].HasPhoto && rest[n].LastShown.Equal(rest[0].LastShown) {
			n++
		}
		group := rest[:n]
		rest = rest[n:]
		taken := make([]bool, len(group))
		for times, left := 1, len(group); left > 0 && len(set) < plan.Size; times++ {
			for i, c := range group {
				level := LevelOf(c.Title)
				if taken[i] || len(set) == plan.Size || byCompany[c.CompanyID] >= companyShare*times || byLevel[level] >= levelShare*times {
					continue
				}
				byCompany[c.CompanyID]++
				byLevel[level]++
				taken[i] = true
				left--
				set = append(set, c.PersonID)
			}
		}
	}
	return set
}

// shuffle orders people by the seed: a hash of both, so the order looks
// random but is the same for the same seed.
func shuffle(seed, id int64) uint64 {
	h := fnv.New64a()
	var b [16]byte
	for i := range 8 {
		b[i], b[8+i] = byte(seed>>(8*i)), byte(id>>(8*i))
	}
	h.Write(b[:])
	return h.Sum64()
}
