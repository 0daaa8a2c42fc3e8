package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/sqlstore"
)

func TestScreensAndPairing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
		at(t, now)
		acme := &faces.Company{Name: "Acme", KeyCustomer: true}
		plain := mustCompany(t, db, "Plain Co")
		if err := db.CreateCompany(ctx, acme); err != nil {
			t.Fatal(err)
		}
		lobby := &faces.Screen{Name: "Lobby", Place: "Ground floor", TimeZone: "Europe/Berlin", FacesAtOnce: 3, SecondsPerCard: 10}
		if err := db.CreateScreen(ctx, lobby); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateScreen(ctx, &faces.Screen{Name: "Lobby", FacesAtOnce: 1, SecondsPerCard: 10}); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("a second Lobby: %v", err)
		}
		room := &faces.Screen{Name: "Acme room", CompanyID: plain.ID, FacesAtOnce: 1, SecondsPerCard: 10}
		if err := db.CreateScreen(ctx, room); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a room named after a company that is not a key customer: %v", err)
		}
		room.CompanyID = acme.ID
		if err := db.CreateScreen(ctx, room); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteCompany(ctx, acme.ID); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("deleting a room's company: %v", err)
		}
		screens, err := db.FindScreens(ctx)
		if err != nil || len(screens) != 2 || screens[0].Name != "Acme room" || screens[0].CompanyName != "Acme" || screens[1].Paired {
			t.Fatalf("screens %+v %v", screens, err)
		}

		// Pairing: the screen shows a code, an admin types it, the screen
		// collects its token once.
		code, secret, err := db.StartPairing(ctx)
		if err != nil || len(code) != faces.PairingCodeLen {
			t.Fatalf("code %q %v", code, err)
		}
		if token, err := db.ClaimPairing(ctx, secret); err != nil || token != "" {
			t.Fatalf("before pairing: %q %v", token, err)
		}
		if err := db.PairScreen(ctx, lobby.ID, "WRONG123"); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a wrong code: %v", err)
		}
		typed := code[:4] + "-" + code[4:]
		if err := db.PairScreen(ctx, lobby.ID, " "+typed+" "); err != nil {
			t.Fatal(err)
		}
		if err := db.PairScreen(ctx, room.ID, code); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("a code paired twice: %v", err)
		}
		token, err := db.ClaimPairing(ctx, secret)
		if err != nil || token == "" {
			t.Fatalf("claim: %q %v", token, err)
		}
		if again, err := db.ClaimPairing(ctx, secret); faces.ErrorCode(err) != faces.ENOTFOUND || again != "" {
			t.Errorf("a second claim: %q %v", again, err)
		}
		sc, err := db.ScreenByToken(ctx, token)
		if err != nil || sc.ID != lobby.ID || !sc.Paired {
			t.Fatalf("screen by token: %+v %v", sc, err)
		}
		// A new token replaces the old; revoking ends it.
		second, err := db.IssueScreenToken(ctx, lobby.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ScreenByToken(ctx, token); faces.ErrorCode(err) != faces.EUNAUTHORIZED {
			t.Errorf("the replaced token: %v", err)
		}
		if err := db.RevokeScreen(ctx, lobby.ID); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{second, "facescreen_nothing", "faces_an_api_token", ""} {
			if _, err := db.ScreenByToken(ctx, tok); faces.ErrorCode(err) != faces.EUNAUTHORIZED {
				t.Errorf("token %q: %v", tok, err)
			}
		}
		// Codes expire.
		_, late, _ := db.StartPairing(ctx)
		at(t, now.Add(faces.PairingLifetime+time.Second))
		if _, err := db.ClaimPairing(ctx, late); faces.ErrorCode(err) != faces.ENOTFOUND {
			t.Errorf("an expired code: %v", err)
		}
		if err := db.PurgePairings(ctx); err != nil {
			t.Fatal(err)
		}
		var left int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM screen_pairings`).Scan(&left)
		if left != 0 {
			t.Errorf("%d pairings left after the purge", left)
		}
		if err := db.DeleteScreen(ctx, room.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteCompany(ctx, acme.ID); err != nil {
			t.Errorf("deleting the company once its room is gone: %v", err)
		}
	})
}

// wallPerson makes a person at the company, with consent from the day
// when given (zero: none) and a photo when asked.
func wallPerson(t *testing.T, db *sqlstore.DB, name string, company *faces.Company, consent time.Time, photo bool) *faces.Person {
	t.Helper()
	ctx := faces.NewContextWithActor(context.Background(), 1)
	p := &faces.Person{Name: name}
	if err := db.CreatePersonAt(ctx, p, faces.Move{CompanyID: company.ID, Title: "Ops Manager", On: consent.AddDate(-1, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	if !consent.IsZero() {
		if err := db.GrantConsent(ctx, &faces.Consent{PersonID: p.ID, GrantedOn: consent, Means: "signed form"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveStory(ctx, &faces.Story{PersonID: p.ID, Card: name + " runs the night shift."}); err != nil {
		t.Fatal(err)
	}
	if photo {
		if err := db.SavePhoto(ctx, p.ID, "hash-"+name, map[string][]byte{"card": []byte("jpeg of " + name)}); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestWallSetsCardsAndHistory(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := faces.NewContextWithActor(context.Background(), 1)
		now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		at(t, now)
		acme := &faces.Company{Name: "Acme", KeyCustomer: true}
		if err := db.CreateCompany(ctx, acme); err != nil {
			t.Fatal(err)
		}
		since := day("2026-01-10")
		ana := wallPerson(t, db, "Ana", acme, since, true)
		bo := wallPerson(t, db, "Bo", acme, since, false)
		cy := wallPerson(t, db, "Cy", acme, time.Time{}, true)                  // no consent
		di := wallPerson(t, db, "Di", acme, since, true)                        // will be excluded
		ed := wallPerson(t, db, "Ed", mustCompany(t, db, "Other"), since, true) // another company

		if w, err := db.WallSettings(ctx); err != nil || w != faces.DefaultWallSettings {
			t.Fatalf("settings %+v %v", w, err)
		}
		if err := db.SaveWallSettings(ctx, faces.WallSettings{PeriodMonths: 120, SetSize: 3}); faces.ErrorCode(err) != faces.EINVALID {
			t.Errorf("ten years: %v", err)
		}
		if err := db.SaveWallSettings(ctx, faces.WallSettings{PeriodMonths: 3, SetSize: 3}); err != nil {
			t.Fatal(err)
		}
		if err := db.PinPerson(ctx, di.ID, faces.Excluded); err != nil {
			t.Fatal(err)
		}
		if err := db.PinPerson(ctx, bo.ID, faces.Pinned); err != nil {
			t.Fatal(err)
		}
		pins, err := db.WallPins(ctx)
		if err != nil || len(pins) != 2 || pins[0].Name != "Bo" || pins[0].Mode != faces.Pinned || pins[1].Mode != faces.Excluded {
			t.Fatalf("pins %+v %v", pins, err)
		}

		candidates, err := db.WallCandidates(ctx, now, 1, 100)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range candidates {
			ids = append(ids, c.PersonID)
		}
		if len(ids) != 3 || ids[0] != bo.ID || slices.Contains(ids, cy.ID) || slices.Contains(ids, di.ID) {
			t.Fatalf("candidates %v: the pinned first, nobody without consent or excluded", ids)
		}

		q4 := faces.PeriodOf(now, 3)
		set, locked, err := faces.SetFor(ctx, db, q4, now)
		if err != nil || locked || len(set) != 3 || set[0] != bo.ID {
			t.Fatalf("Q4 set %v %v %v", set, locked, err)
		}
		if again, _, _ := faces.SetFor(ctx, db, q4, now); !slices.Equal(again, set) {
			t.Errorf("the set of a period that has begun changed: %v then %v", set, again)
		}
		// The next period is previewed, not stored, until locked; Ana and
		// Ed, shown this period, wait behind nobody — there is nobody else.
		q1 := q4.Next()
		if _, _, found, _ := db.PeriodSet(ctx, q1); found {
			t.Error("a preview was stored")
		}
		if _, err := db.SavePeriodSet(ctx, q1, set[:2], true); err != nil {
			t.Fatal(err)
		}
		if got, locked, err := faces.SetFor(ctx, db, q1, now); err != nil || !locked || len(got) != 2 {
			t.Errorf("the locked next period: %v %v %v", got, locked, err)
		}
		if err := db.UnlockPeriod(ctx, q4); faces.ErrorCode(err) != faces.ECONFLICT {
			t.Errorf("unlocking the current period: %v", err)
		}
		if err := db.UnlockPeriod(ctx, q1); err != nil {
			t.Fatal(err)
		}

		// Cards: only people with consent now, in the set's order.
		cards, err := db.WallCards(ctx, []int64{ed.ID, cy.ID, ana.ID}, now)
		if err != nil || len(cards) != 2 || cards[0].Name != "Ed" || cards[1].PhotoHash != "hash-Ana" || cards[1].Card != "Ana runs the night shift." ||
			cards[1].CompanyName != "Acme" || cards[1].Title != "Ops Manager" || !cards[1].ConsentUntil.IsZero() {
			t.Fatalf("cards %+v %v", cards, err)
		}
		room, err := db.RoomCards(ctx, acme.ID, now, "B", 10) // from B on, then A: photos first still
		if err != nil || len(room) != 2 || room[0].Name != "Ana" || room[1].Name != "Bo" {
			t.Fatalf("room cards %+v %v: Ana with a photo, then Bo; Di is kept off, Cy has no consent", room, err)
		}
		if part, _ := db.RoomCards(ctx, acme.ID, now, "B", 1); len(part) != 1 || part[0].Name != "Bo" {
			t.Errorf("one place from B on: %+v", part)
		}
		// Consent with an end: the card says until when; revoked: gone.
		consents, _ := db.Consents(ctx, ana.ID)
		if err := db.RevokeConsent(ctx, consents[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := db.GrantConsent(ctx, &faces.Consent{PersonID: ed.ID, GrantedOn: since, Until: day("2027-06-30"), Means: "email"}); err != nil {
			t.Fatal(err)
		}
		consents, _ = db.Consents(ctx, ed.ID)
		if err := db.RevokeConsent(ctx, consents[1].ID); err != nil { // the open-ended one
			t.Fatal(err)
		}
		cards, err = db.WallCards(ctx, set, now.Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cards {
			if c.PersonID == ana.ID {
				t.Error("Ana's consent was revoked but her card is still handed out")
			}
			if c.PersonID == ed.ID && !c.ConsentUntil.Equal(day("2027-06-30")) {
				t.Errorf("Ed's card holds until %v", c.ConsentUntil)
			}
		}

		// History: where each was shown.
		lobby := &faces.Screen{Name: "Lobby", Place: "Hall", FacesAtOnce: 2, SecondsPerCard: 10}
		if err := db.CreateScreen(ctx, lobby); err != nil {
			t.Fatal(err)
		}
		for range 2 { // the same content twice records it once
			if err := db.NoteScreenContact(ctx, lobby.ID, "v1", "Q4 2026: 3 faces", q4, set); err != nil {
				t.Fatal(err)
			}
		}
		hist, err := db.WallHistory(ctx, bo.ID)
		if err != nil || len(hist) != 1 || hist[0].ScreenName != "Lobby" || hist[0].Period.Label() != "Q4 2026" || !hist[0].FirstShown.Equal(now) {
			t.Fatalf("history %+v %v", hist, err)
		}
		sc, _ := db.FindScreenByID(ctx, lobby.ID)
		if sc.Showing != "Q4 2026: 3 faces" || !sc.LastSeen.Equal(now) {
			t.Errorf("screen %+v", sc)
		}

		// Erasing a person takes them off the wall's records too.
		if err := db.ErasePerson(ctx, bo.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"wall_picks", "wall_pins", "wall_showings"} {
			var n int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE person_id = $1`, bo.ID).Scan(&n)
			if n != 0 {
				t.Errorf("%d rows of the erased person in %s", n, table)
			}
		}
	})
}
