package faces_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/faces-org/faces"
)

// population generates people at companies with a mix of titles; ratio
// of executives and share with consent and photo as given.
func population(seed uint64, n, companies int, executives, consent float64) []faces.WallCandidate {
	r := rand.New(rand.NewPCG(seed, 1))
	titles := map[string][]string{
		faces.LevelExecutive: {"VP Engineering", "Chief Operating Officer", "Director of Plant Operations"},
		faces.LevelManager:   {"Ops Manager", "Shift Supervisor", "Team Lead, Support"},
		faces.LevelStaff:     {"Line Operator", "Software Engineer", "Nurse", "Field Technician"},
	}
	var out []faces.WallCandidate
	for i := range n {
		level := faces.LevelStaff
		switch x := r.Float64(); {
		case x < executives:
			level = faces.LevelExecutive
		case x < executives+(1-executives)/2:
			level = faces.LevelManager
		}
		out = append(out, faces.WallCandidate{
			PersonID:  int64(i + 1),
			CompanyID: int64(r.IntN(companies) + 1),
			Title:     titles[level][r.IntN(len(titles[level]))],
			HasPhoto:  r.Float64() < 0.9,
			Consent:   r.Float64() < consent,
		})
	}
	return out
}

func byID(people []faces.WallCandidate) map[int64]faces.WallCandidate {
	m := map[int64]faces.WallCandidate{}
	for _, p := range people {
		m[p.PersonID] = p
	}
	return m
}

func TestLevelOf(t *testing.T) {
	for title, want := range map[string]string{
		"VP Engineering": faces.LevelExecutive, "Chief Nursing Officer": faces.LevelExecutive, "Head of Operations": faces.LevelExecutive,
		"Director, Plant Operations": faces.LevelExecutive, "Ops Manager": faces.LevelManager, "Shift Supervisor": faces.LevelManager,
		"Team Lead": faces.LevelManager, "Line Operator": faces.LevelStaff, "Software Engineer": faces.LevelStaff, "": faces.LevelStaff,
		"Leader of the pack": faces.LevelStaff, // "lead" as a word, not inside another
	} {
		if got := faces.LevelOf(title); got != want {
			t.Errorf("LevelOf(%q) = %s, want %s", title, got, want)
		}
	}
}

func TestPickWallConsentIsAbsolute(t *testing.T) {
	for seed := range uint64(20) {
		people := population(seed, 300, 20, 0.3, 0.4)
		pins := map[int64]faces.PinMode{}
		for _, p := range people[:30] {
			pins[p.PersonID] = faces.Pinned // pinned, with or without consent
		}
		set := faces.PickWall(faces.WallPlan{People: people, Pins: pins, Size: 50, Seed: int64(seed)})
		if len(set) != 50 {
			t.Fatalf("seed %d: %d faces, want 50", seed, len(set))
		}
		all := byID(people)
		for _, id := range set {
			if !all[id].Consent {
				t.Fatalf("seed %d: person %d has no consent but was picked", seed, id)
			}
		}
	}
}

func TestPickWallPinsAndExclusions(t *testing.T) {
	people := population(7, 200, 10, 0.2, 1)
	pins := map[int64]faces.PinMode{5: faces.Pinned, 9: faces.Pinned, 12: faces.Excluded}
	for _, p := range people {
		people[p.PersonID-1].LastShown = time.Time{} // all never shown
	}
	for seed := range int64(30) {
		set := faces.PickWall(faces.WallPlan{People: people, Pins: pins, Size: 10, Seed: seed})
		if !slices.Contains(set, 5) || !slices.Contains(set, 9) {
			t.Fatalf("seed %d: pinned people missing from %v", seed, set)
		}
		if slices.Contains(set, 12) {
			t.Fatalf("seed %d: excluded person picked", seed)
		}
	}
	// More pins than places: the least recently shown pins win.
	pins = map[int64]faces.PinMode{}
	for i := range 6 {
		pins[int64(i+1)] = faces.Pinned
		people[i].LastShown = time.Date(2020+i, 1, 1, 0, 0, 0, 0, time.UTC)
		people[i].HasPhoto = true
	}
	set := faces.PickWall(faces.WallPlan{People: people, Pins: pins, Size: 3, Seed: 1})
	if !slices.Equal(set, []int64{1, 2, 3}) {
		t.Errorf("pins beyond the size: %v, want the three shown longest ago", set)
	}
}

func TestPickWallFavoursLeastRecentlyShown(t *testing.T) {
	people := population(3, 400, 40, 0.3, 1)
	for i := range people {
		people[i].HasPhoto = true
		if i%2 == 0 { // half were on the wall, at various times
			people[i].LastShown = time.Date(2024, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
		}
	}
	set := faces.PickWall(faces.WallPlan{People: people, Size: 60, Seed: 11})
	all := byID(people)
	for _, id := range set {
		if !all[id].LastShown.IsZero() {
			t.Fatalf("person %d, shown before, picked while 200 never-shown people wait", id)
		}
	}
	// Everyone has been shown: the pick takes the oldest first.
	for i := range people {
		people[i].LastShown = time.Date(2020+i%5, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	set = faces.PickWall(faces.WallPlan{People: people, Size: 40, Seed: 11})
	for _, id := range set {
		if people[id-1].LastShown.Year() != 2020 {
			t.Fatalf("person %d last shown %v picked while 80 people shown in 2020 wait", id, people[id-1].LastShown)
		}
	}
	// Over periods, nobody is shown twice before everyone was shown once.
	people = population(9, 120, 12, 0.3, 1)
	for i := range people {
		people[i].HasPhoto = true
	}
	seen := map[int64]int{}
	period := faces.PeriodOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 3)
	for range 5 { // 5 periods × 24 = 120 = everyone once
		set := faces.PickWall(faces.WallPlan{People: people, Size: 24, Seed: faces.PeriodSeed(period), Period: period})
		for _, id := range set {
			seen[id]++
			people[id-1].LastShown = period.Start
		}
		period = period.Next()
	}
	if len(seen) != 120 {
		t.Errorf("after five periods %d of 120 people were shown", len(seen))
	}
}

func TestPickWallMixesLevelsAndCompanies(t *testing.T) {
	for seed := range uint64(10) {
		// Nine in ten have executive titles; on the wall, under half.
		people := population(seed, 1000, 30, 0.9, 1)
		for i := range people {
			people[i].HasPhoto = true
		}
		set := faces.PickWall(faces.WallPlan{People: people, Size: 30, Seed: int64(seed)})
		all := byID(people)
		levels := map[string]int{}
		for _, id := range set {
			levels[faces.LevelOf(all[id].Title)]++
		}
		if levels[faces.LevelExecutive] > 14 || levels[faces.LevelStaff] < 6 || levels[faces.LevelManager] < 6 {
			t.Errorf("seed %d: levels %v: executives must not fill the wall", seed, levels)
		}
		// Two in three work at one company.
		people = population(seed, 1000, 30, 0.33, 1)
		for i := range people {
			people[i].HasPhoto = true
			if i%3 != 0 {
				people[i].CompanyID = 1
			}
		}
		set = faces.PickWall(faces.WallPlan{People: people, Size: 30, Seed: int64(seed)})
		all = byID(people)
		companies := map[int64]int{}
		for _, id := range set {
			companies[all[id].CompanyID]++
		}
		if companies[1] > 2 || len(set) != 30 {
			t.Errorf("seed %d: company 1 has %d of %d faces", seed, companies[1], len(set))
		}
	}
	// With one company and only executives, fair shares cannot be kept:
	// the places are still filled.
	people := population(1, 50, 1, 1, 1)
	if set := faces.PickWall(faces.WallPlan{People: people, Size: 20, Seed: 1}); len(set) != 20 {
		t.Errorf("one company of executives: %d faces, want 20", len(set))
	}
}

func TestPickWallPhotosFirstAndSmallPopulations(t *testing.T) {
	people := population(5, 40, 5, 0.3, 1)
	withPhoto := 0
	for _, p := range people {
		if p.HasPhoto {
			withPhoto++
		}
	}
	set := faces.PickWall(faces.WallPlan{People: people, Size: withPhoto, Seed: 2})
	all := byID(people)
	for _, id := range set {
		if !all[id].HasPhoto {
			t.Fatalf("person %d without a photo picked while people with one were left", id)
		}
	}
	// More places than people with consent: everyone with consent, once.
	people = population(6, 30, 3, 0.3, 0.5)
	set = faces.PickWall(faces.WallPlan{People: people, Size: 100, Seed: 2})
	consenting := 0
	for _, p := range people {
		if p.Consent {
			consenting++
		}
	}
	if len(set) != consenting {
		t.Errorf("%d picked of %d with consent", len(set), consenting)
	}
	slices.Sort(set)
	if len(slices.Compact(set)) != len(set) {
		t.Error("someone was picked twice")
	}
	if got := faces.PickWall(faces.WallPlan{People: people, Size: 0}); len(got) != 0 {
		t.Errorf("size 0 picked %v", got)
	}
	if got := faces.PickWall(faces.WallPlan{Size: 5}); len(got) != 0 {
		t.Errorf("nobody to pick from, got %v", got)
	}
}

func TestPickWallIsReproducible(t *testing.T) {
	people := population(8, 500, 25, 0.3, 0.8)
	plan := faces.WallPlan{People: people, Size: 24, Seed: 42, Pins: map[int64]faces.PinMode{3: faces.Pinned}}
	first := faces.PickWall(plan)
	shuffled := slices.Clone(people)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	plan.People = shuffled
	if again := faces.PickWall(plan); !slices.Equal(first, again) {
		t.Errorf("same plan, different sets:\n%v\n%v", first, again)
	}
	plan.Seed = 43
	if other := faces.PickWall(plan); slices.Equal(first, other) {
		t.Error("another seed drew the same set")
	}
}

func TestWallPeriods(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		months int
		start  string
		label  string
		next   string
	}{
		{3, "2026-10-01", "Q4 2026", "2027-01-01"},
		{1, "2026-12-01", "December 2026", "2027-01-01"},
		{12, "2026-01-01", "2026", "2027-01-01"},
		{6, "2026-07-01", "Jul–Dec 2026", "2027-01-01"},
		{4, "2026-09-01", "Sep–Dec 2026", "2027-01-01"},
		{2, "2026-11-01", "Nov–Dec 2026", "2027-01-01"},
	} {
		p := faces.PeriodOf(at, c.months)
		if p.Start.Format(time.DateOnly) != c.start || p.Label() != c.label || p.Next().Start.Format(time.DateOnly) != c.next {
			t.Errorf("%d months: %v %q next %v", c.months, p.Start, p.Label(), p.Next().Start)
		}
	}
	for _, bad := range []faces.WallSettings{{PeriodMonths: 0, SetSize: 10}, {PeriodMonths: 120, SetSize: 10}, {PeriodMonths: 5, SetSize: 10},
		{PeriodMonths: 3, SetSize: 0}, {PeriodMonths: 3, SetSize: faces.MaxSetSize + 1}} {
		if err := bad.Validate(); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("%+v accepted", bad)
		}
	}
	ok := faces.DefaultWallSettings
	if err := ok.Validate(); err != nil {
		t.Error(err)
	}
}

func TestScreenValidate(t *testing.T) {
	good := faces.Screen{Name: "Lobby", TimeZone: "Europe/Berlin", FacesAtOnce: 3, SecondsPerCard: 12}
	if err := good.Validate(); err != nil || good.Orientation != "landscape" {
		t.Fatalf("%v %+v", err, good)
	}
	for field, bad := range map[string]faces.Screen{
		"name":             {FacesAtOnce: 1, SecondsPerCard: 12},
		"time_zone":        {Name: "A", TimeZone: "Mars/Olympus", FacesAtOnce: 1, SecondsPerCard: 12},
		"orientation":      {Name: "A", Orientation: "diagonal", FacesAtOnce: 1, SecondsPerCard: 12},
		"faces_at_once":    {Name: "A", FacesAtOnce: 13, SecondsPerCard: 12},
		"seconds_per_card": {Name: "A", FacesAtOnce: 1, SecondsPerCard: 1},
	} {
		err := bad.Validate()
		var e *faces.Error
		if !errors.As(err, &e) || e.Fields[field] == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
}
