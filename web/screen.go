package web

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/faces-org/faces"
)

// What a screen's browser reaches: its display page, pairing, its own
// manifest and the photos in it — nothing else. The display page and
// pairing need no token; the manifest and photos take the screen's token
// from its cookie (set when it was paired) or an Authorization: Bearer
// header (for scripts).

const (
	screenCookie = "faces_screen"
	// wallRefresh is how long a built manifest and a token's screen are
	// reused; with the screens' poll, a revoked consent leaves every
	// screen within wallRefresh + wallPoll (25 s), well inside a minute.
	wallRefresh = 10 * time.Second
	wallPoll    = 15 * time.Second
	// Pairing: codes a client address may ask for, and wrong codes an
	// admin may type, per failureWindow.
	maxPairingStarts = 30
	maxWrongCodes    = 10
)

// manifest is a screen's current content, built and encoded once for all
// its requests within wallRefresh.
type manifest struct {
	body    []byte
	etag    string
	photos  map[string]bool // hashes the screen may fetch
	version string
	showing string
	period  faces.WallPeriod
	people  []int64
	built   time.Time
}

// manifestJSON is the manifest's document; its version (and so the
// ETag) changes exactly when what the screen must show changes.
type manifestJSON struct {
	Version     string       `json:"version"`
	Kind        string       `json:"kind"` // "wall" or "room"
	Screen      screenJSON   `json:"screen"`
	Period      periodJSON   `json:"period"`
	Room        *roomJSON    `json:"room,omitempty"`
	Cards       []wallCardJS `json:"cards"`
	ValidUntil  time.Time    `json:"valid_until"`
	PollSeconds int          `json:"poll_seconds"`
}

type screenJSON struct {
	Name           string `json:"name"`
	Place          string `json:"place"`
	TimeZone       string `json:"time_zone"`
	Orientation    string `json:"orientation"`
	FacesAtOnce    int    `json:"faces_at_once"`
	SecondsPerCard int    `json:"seconds_per_card"`
}

type periodJSON struct {
	Label string `json:"label"`
	Start string `json:"start"`
	End   string `json:"end"`
}

type roomJSON struct {
	Company   string   `json:"company"`
	Story     string   `json:"story"`
	Locations []string `json:"locations"`
}

type wallCardJS struct {
	Name     string `json:"name"`
	Title    string `json:"title"`
	Company  string `json:"company"`
	Card     string `json:"card"`
	Photo    string `json:"photo,omitempty"`
	Initials string `json:"initials"`
	Hue      string `json:"hue"`
	Until    string `json:"until,omitempty"` // the last day consent holds, when it ends
}

// wall keeps built manifests and the screens tokens name, briefly.
type wall struct {
	mu        sync.Mutex
	manifests map[int64]*manifest
	tokens    map[string]tokenEntry
	noted     map[int64]noteEntry
	refresh   time.Duration
	poll      time.Duration
	photos    photoCache
	// pick lets one pick run at a time: when a period begins, every
	// screen asks for it at once, and the first pick is stored for all.
	pick     sync.Mutex
	previews map[time.Time]preview
}

// preview is a future period's set as drawn a moment ago: drawing weighs
// every consenting person, so the wall page reuses it for previewFor.
type preview struct {
	ids     []int64
	locked  bool
	at      time.Time
	redraws bool // being drawn again in the background
}

const previewFor = 5 * time.Minute

// photoCache keeps the renditions screens fetch, by content hash: a wall
// shows the same few dozen photos all period, so they are read from the
// database once. It holds at most photoCacheBytes, dropping the oldest.
type photoCache struct {
	mu      sync.Mutex
	byKey   map[string][]byte
	order   []string
	size    int
	maxSize int
}

const photoCacheBytes = 64 << 20

func (c *photoCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.byKey[key]
	return b, ok
}

func (c *photoCache) put(key string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey == nil {
		c.byKey = map[string][]byte{}
	}
	if _, ok := c.byKey[key]; ok || len(b) > c.maxSize {
		return
	}
	for c.size+len(b) > c.maxSize && len(c.order) > 0 {
		c.size -= len(c.byKey[c.order[0]])
		delete(c.byKey, c.order[0])
		c.order = c.order[1:]
	}
	c.byKey[key] = b
	c.order = append(c.order, key)
	c.size += len(b)
}

type tokenEntry struct {
	screen *faces.Screen
	at     time.Time
}

type noteEntry struct {
	version string
	at      time.Time
}

func newWall() *wall {
	return &wall{manifests: map[int64]*manifest{}, tokens: map[string]tokenEntry{}, noted: map[int64]noteEntry{},
		refresh: wallRefresh, poll: wallPoll, photos: photoCache{maxSize: photoCacheBytes}, previews: map[time.Time]preview{}}
}

// forget drops what is cached about screens, after an admin changed one.
func (wl *wall) forget() {
	wl.mu.Lock()
	defer wl.mu.Unlock()
	clear(wl.manifests)
	clear(wl.tokens)
	clear(wl.previews)
}

// setFor is faces.SetFor with one pick at a time, and a future period's
// preview kept: after previewFor it is drawn again in the background while
// the last one is still shown, so no page waits for a draw but the first.
func (s *Server) setFor(ctx context.Context, p faces.WallPeriod, now time.Time) ([]int64, bool, error) {
	if !p.Start.After(now) {
		ids, locked, found, err := s.store.PeriodSet(ctx, p)
		if err != nil || found {
			return ids, locked, err
		}
		// The period has just begun: the preview drawn shortly before
		// (the janitor keeps one) is what it would draw now, and what
		// the wall page announced.
		if pv, ok := s.recentPreview(p); ok {
			ids, err := s.store.SavePeriodSet(ctx, p, pv.ids, false)
			return ids, false, err
		}
	} else if pv, ok := s.cachedPreview(p); ok {
		return pv.ids, pv.locked, nil
	}
	return s.draw(ctx, p, now)
}

// cachedPreview returns the period's preview if there is one, starting a
// fresh draw in the background when it is stale.
func (s *Server) cachedPreview(p faces.WallPeriod) (preview, bool) {
	s.wall.mu.Lock()
	defer s.wall.mu.Unlock()
	pv, ok := s.wall.previews[p.Start]
	if ok && time.Since(pv.at) >= previewFor && !pv.redraws {
		pv.redraws = true
		s.wall.previews[p.Start] = pv
		s.background.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if _, _, err := s.draw(ctx, p, faces.Now()); err != nil {
				s.log.Error("drawing the wall's preview", "err", err)
			}
		})
	}
	return pv, ok
}

// previewKept is how old a preview may be to become its period's set
// when the period begins: the janitor draws it again every ten minutes
// once it is older than previewFor.
const previewKept = 15 * time.Minute

// recentPreview returns the period's preview if it was drawn within
// previewKept.
func (s *Server) recentPreview(p faces.WallPeriod) (preview, bool) {
	s.wall.mu.Lock()
	defer s.wall.mu.Unlock()
	pv, ok := s.wall.previews[p.Start]
	return pv, ok && time.Since(pv.at) < previewKept
}

// warmWall draws the next period's preview ahead of the pages that show
// it, so that no request waits for a draw (at a million people one weighs
// every consenting person: 0.6 s on SQLite, 1.7 s on PostgreSQL). The
// current period's set, when none is stored yet, is stored too if it is
// full: an organization that large draws the same set now as at the first
// page; a smaller one, still adding people, gets its set drawn by the
// first page that needs it, as the people are then (and quickly).
func (s *Server) warmWall(ctx context.Context) error {
	settings, err := s.store.WallSettings(ctx)
	if err != nil {
		return err
	}
	now := faces.Now()
	current := faces.PeriodOf(now, settings.PeriodMonths)
	if err := s.drawFull(ctx, current, settings.SetSize); err != nil {
		return err
	}
	_, _, err = s.draw(ctx, current.Next(), now)
	return err
}

// drawFull stores the period's set if none is stored and the draw fills
// it. A period that has just begun takes its recent preview, as setFor
// does, rather than drawing it again.
func (s *Server) drawFull(ctx context.Context, p faces.WallPeriod, size int) error {
	s.wall.pick.Lock()
	defer s.wall.pick.Unlock()
	if _, _, found, err := s.store.PeriodSet(ctx, p); err != nil || found {
		return err
	}
	pv, ok := s.recentPreview(p)
	ids := pv.ids
	if !ok {
		var err error
		if ids, err = faces.Pick(ctx, s.store, p, size); err != nil {
			return err
		}
	}
	if len(ids) < size {
		return nil
	}
	_, err := s.store.SavePeriodSet(ctx, p, ids, false)
	return err
}

// draw picks the period's set, one draw at a time, and keeps a future
// period's as its preview.
func (s *Server) draw(ctx context.Context, p faces.WallPeriod, now time.Time) ([]int64, bool, error) {
	s.wall.pick.Lock()
	defer s.wall.pick.Unlock()
	s.wall.mu.Lock()
	pv, ok := s.wall.previews[p.Start]
	s.wall.mu.Unlock()
	if ok && time.Since(pv.at) < previewFor { // drawn while this one waited
		return pv.ids, pv.locked, nil
	}
	ids, locked, err := faces.SetFor(ctx, s.store, p, now)
	if err == nil && p.Start.After(now) {
		s.wall.mu.Lock()
		s.wall.previews[p.Start] = preview{ids: ids, locked: locked, at: time.Now()}
		s.wall.mu.Unlock()
	}
	return ids, locked, err
}

// screenToken reads the token from the Authorization header or the cookie.
func screenToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		token, _ := strings.CutPrefix(h, "Bearer ")
		return strings.TrimSpace(token)
	}
	if c, err := r.Cookie(screenCookie); err == nil {
		return c.Value
	}
	return ""
}

// screenOf returns the request's screen, from a cache of at most
// wall.refresh, or EUNAUTHORIZED.
func (s *Server) screenOf(r *http.Request) (*faces.Screen, error) {
	token := screenToken(r)
	if token == "" {
		return nil, faces.Errorf(faces.EUNAUTHORIZED, "This screen is not paired.")
	}
	key := hashKey(token)
	now := time.Now()
	s.wall.mu.Lock()
	e, ok := s.wall.tokens[key]
	s.wall.mu.Unlock()
	if ok && now.Sub(e.at) < s.wall.refresh {
		if e.screen == nil {
			return nil, faces.Errorf(faces.EUNAUTHORIZED, "Unknown screen token.")
		}
		return e.screen, nil
	}
	sc, err := s.store.ScreenByToken(r.Context(), token)
	if err != nil && faces.ErrorCode(err) != faces.EUNAUTHORIZED {
		return nil, err
	}
	s.wall.mu.Lock()
	if len(s.wall.tokens) > 10*faces.MaxScreens { // unknown tokens must not grow it without bound
		clear(s.wall.tokens)
	}
	s.wall.tokens[key] = tokenEntry{sc, now}
	s.wall.mu.Unlock()
	return sc, err
}

func hashKey(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// manifestOf returns the screen's manifest, built at most wall.refresh ago.
func (s *Server) manifestOf(ctx context.Context, sc *faces.Screen) (*manifest, error) {
	now := time.Now()
	s.wall.mu.Lock()
	m, ok := s.wall.manifests[sc.ID]
	s.wall.mu.Unlock()
	if ok && now.Sub(m.built) < s.wall.refresh {
		return m, nil
	}
	m, err := s.buildManifest(ctx, sc)
	if err != nil {
		return nil, err
	}
	m.built = now
	s.wall.mu.Lock()
	s.wall.manifests[sc.ID] = m
	s.wall.mu.Unlock()
	return m, nil
}

// buildManifest works out what the screen shows now: its room's people,
// or the period's set — only people whose consent holds this moment.
func (s *Server) buildManifest(ctx context.Context, sc *faces.Screen) (*manifest, error) {
	now := faces.Now()
	settings, err := s.store.WallSettings(ctx)
	if err != nil {
		return nil, err
	}
	period := faces.PeriodOf(now, settings.PeriodMonths)
	doc := manifestJSON{
		Kind: "wall",
		Screen: screenJSON{Name: sc.Name, Place: sc.Place, TimeZone: sc.TimeZone, Orientation: sc.Orientation,
			FacesAtOnce: sc.FacesAtOnce, SecondsPerCard: sc.SecondsPerCard},
		Period:      periodJSON{Label: period.Label(), Start: period.Start.Format(time.DateOnly), End: period.End.Format(time.DateOnly)},
		ValidUntil:  period.End,
		PollSeconds: int(s.wall.poll / time.Second),
		Cards:       []wallCardJS{},
	}
	var cards []faces.WallCard
	if sc.CompanyID != 0 {
		co, err := s.store.FindCompanyByID(ctx, sc.CompanyID)
		if err != nil {
			return nil, err
		}
		doc.Kind = "room"
		doc.Room = &roomJSON{Company: co.Name, Story: co.Story, Locations: co.Locations}
		if cards, err = s.store.RoomCards(ctx, co.ID, now, faces.RoomStart(period), faces.MaxSetSize); err != nil {
			return nil, err
		}
	} else {
		ids, _, err := s.setFor(ctx, period, now)
		if err != nil {
			return nil, err
		}
		if cards, err = s.store.WallCards(ctx, ids, now); err != nil {
			return nil, err
		}
	}
	size := "full"
	if sc.FacesAtOnce >= 4 {
		size = "card"
	}
	m := &manifest{photos: map[string]bool{}, period: period}
	for _, c := range cards {
		card := wallCardJS{Name: c.Name, Title: c.Title, Company: c.CompanyName, Card: c.Card, Initials: initials(c.Name), Hue: hue(c.Name)}
		if c.PhotoHash != "" {
			card.Photo = "/screen/photos/" + c.PhotoHash + "/" + size + ".jpg"
			m.photos[c.PhotoHash] = true
		}
		if !c.ConsentUntil.IsZero() {
			card.Until = c.ConsentUntil.Format(time.DateOnly)
		}
		doc.Cards = append(doc.Cards, card)
		m.people = append(m.people, c.PersonID)
	}
	// The version covers everything but itself.
	unversioned, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(unversioned)
	doc.Version = hex.EncodeToString(sum[:10])
	if m.body, err = json.Marshal(doc); err != nil {
		return nil, err
	}
	m.version, m.etag = doc.Version, `"`+doc.Version+`"`
	m.showing = showingText(doc)
	return m, nil
}

func showingText(doc manifestJSON) string {
	faces := "no faces"
	switch n := len(doc.Cards); {
	case n == 1:
		faces = "1 face"
	case n > 1:
		faces = strconv.Itoa(n) + " faces"
	}
	if doc.Room != nil {
		return "Room of " + doc.Room.Company + " · " + faces
	}
	return doc.Period.Label + " · " + faces
}

// screenPage serves the display page: no data in it, so no token needed;
// its script pairs the screen or fetches the manifest.
func (s *Server) screenPage(w http.ResponseWriter, r *http.Request) {
	var buf strings.Builder
	if err := s.views.screen.Execute(&buf, nil); err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write([]byte(buf.String()))
}

// screenWorker serves the service worker that keeps the display page,
// its script and its photos for a reload while the server is away.
// It lives under /screen/ so that its scope is the display page.
func (s *Server) screenWorker(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(screenWorkerJS)
}

//go:embed worker/screen-worker.js
var screenWorkerSource string

// screenWorkerJS is the worker with the hashed names of what it keeps.
var screenWorkerJS = []byte(strings.NewReplacer("{{wall.js}}", "/static/"+hashedNames["wall.js"],
	"{{wall.css}}", "/static/"+hashedNames["wall.css"]).Replace(screenWorkerSource))

// requestManifest returns the manifest of the request's screen, or
// answers with the error (401 for a token that is not a screen's).
func (s *Server) requestManifest(w http.ResponseWriter, r *http.Request) (*faces.Screen, *manifest, bool) {
	sc, err := s.screenOf(r)
	if err == nil {
		var m *manifest
		if m, err = s.manifestOf(r.Context(), sc); err == nil {
			return sc, m, true
		}
	}
	s.apiError(w, r, err)
	return nil, nil, false
}

// screenManifest hands the screen its manifest, or 304 when it has it.
func (s *Server) screenManifest(w http.ResponseWriter, r *http.Request) {
	sc, m, ok := s.requestManifest(w, r)
	if !ok {
		return
	}
	s.noteContact(r.Context(), sc, m)
	w.Header().Set("ETag", m.etag)
	w.Header().Set("Cache-Control", "private, no-cache")
	if r.Header.Get("If-None-Match") == m.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(m.body)
}

// noteContact records the screen's contact at most once a minute, and
// at once when what it shows changed.
func (s *Server) noteContact(ctx context.Context, sc *faces.Screen, m *manifest) {
	now := time.Now()
	s.wall.mu.Lock()
	last := s.wall.noted[sc.ID]
	due := last.version != m.version || now.Sub(last.at) >= time.Minute
	if due {
		s.wall.noted[sc.ID] = noteEntry{m.version, now}
	}
	s.wall.mu.Unlock()
	if !due {
		return
	}
	if err := s.store.NoteScreenContact(ctx, sc.ID, m.version, m.showing, m.period, m.people); err != nil {
		s.log.Error("screen contact", "screen", sc.ID, "err", err)
	}
}

// screenPhoto serves a photo only while it is in the screen's manifest:
// once a person's consent ends, their photo URL stops working for screens.
func (s *Server) screenPhoto(w http.ResponseWriter, r *http.Request) {
	_, m, ok := s.requestManifest(w, r)
	if !ok {
		return
	}
	hash, size := r.PathValue("hash"), strings.TrimSuffix(r.PathValue("size"), ".jpg")
	if !m.photos[hash] || (size != "full" && size != "card") {
		s.apiError(w, r, faces.Errorf(faces.ENOTFOUND, "This photo is not on this screen."))
		return
	}
	etag := `"` + hash + "-" + size + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "private, no-cache")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	b, ok := s.wall.photos.get(hash + "/" + size)
	if !ok {
		var err error
		if b, err = s.store.PhotoRendition(r.Context(), hash, size); err != nil {
			s.apiError(w, r, err)
			return
		}
		s.wall.photos.put(hash+"/"+size, b)
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Write(b)
}

// pairStart gives a screen's browser a code to show and the secret to
// collect its token with.
func (s *Server) pairStart(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.CountSignInAttempt(r.Context(), "pair-start:"+clientAddr(r), faces.Now().Add(-failureWindow))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if n > maxPairingStarts {
		w.Header().Set("Retry-After", "900")
		s.apiError(w, r, faces.Errorf(faces.ETOOMANY, "Too many pairing codes from this address; try again in 15 minutes."))
		return
	}
	code, secret, err := s.store.StartPairing(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"code": code[:4] + "-" + code[4:], "secret": secret,
		"expires_in": int(faces.PairingLifetime / time.Second)})
}

// screenAdopt takes a token a screen was provisioned with (the page reads
// it from its address, /screen/#token=…, so that it is never sent in a
// URL) and keeps it in the screen's cookie. Wrong tokens are counted per
// address.
func (s *Server) screenAdopt(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Token string `json:"token"`
	}
	if err := readJSON(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	key := "screen-token:" + clientAddr(r)
	n, err := s.store.CountSignInAttempt(r.Context(), key, faces.Now().Add(-failureWindow))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if n > maxPairingStarts {
		w.Header().Set("Retry-After", "900")
		s.apiError(w, r, faces.Errorf(faces.ETOOMANY, "Too many tokens tried from this address; try again in 15 minutes."))
		return
	}
	if _, err := s.store.ScreenByToken(r.Context(), body.Token); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.store.ForgetSignInAttempt(r.Context(), key)
	s.setScreenCookie(w, r, body.Token)
	writeJSON(w, http.StatusOK, map[string]string{"status": "paired"})
}

func (s *Server) setScreenCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: screenCookie, Value: token, Path: "/screen/", MaxAge: 10 * 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
}

// pairClaim answers a waiting screen: still waiting (202), paired — the
// token goes into the screen's cookie (200) — or expired (410).
func (s *Server) pairClaim(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Secret string `json:"secret"`
	}
	if err := readJSON(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	token, err := s.store.ClaimPairing(r.Context(), body.Secret)
	switch {
	case faces.ErrorCode(err) == faces.ENOTFOUND:
		writeJSON(w, http.StatusGone, map[string]string{"status": "expired"})
	case err != nil:
		s.apiError(w, r, err)
	case token == "":
		writeJSON(w, http.StatusAccepted, map[string]string{"status": "waiting"})
	default:
		s.setScreenCookie(w, r, token)
		writeJSON(w, http.StatusOK, map[string]string{"status": "paired"})
	}
}
