package web

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/photo"
)

func testPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a file as the form's "photo" field.
func (f *fixture) upload(role faces.Role, path string, content []byte) *http.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("photo", "me.png")
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", f.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.tokens[role]})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestPhotoUpload(t *testing.T) {
	f := newFixture(t)
	if resp := f.upload(faces.RoleViewer, "/people/1/photo", testPNG(t)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer upload: %d", resp.StatusCode)
	}
	resp := f.upload(faces.RoleEditor, "/people/1/photo", testPNG(t))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", resp.StatusCode, bodyOf(t, resp))
	}
	body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people/1", nil))
	src := regexpFind(body, `/photos/[0-9a-f]+/card\.jpg`)
	if src == "" {
		t.Fatalf("no portrait on the page")
	}
	img := f.do(faces.RoleViewer, "GET", src, nil)
	if img.StatusCode != 200 || img.Header.Get("Content-Type") != "image/jpeg" || !strings.HasPrefix(img.Header.Get("Cache-Control"), "private, max-age=31536000") {
		t.Errorf("portrait: %d %v", img.StatusCode, img.Header)
	}
	if cfg, _, err := image.DecodeConfig(img.Body); err != nil || cfg.Width != 300 || cfg.Height != 300 {
		t.Errorf("card rendition: %+v %v", cfg, err)
	}
	if anon := f.do("", "GET", src, nil); anon.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous photo request: %d", anon.StatusCode)
	}
	// The people list shows the thumbnail.
	if body := bodyOf(t, f.do(faces.RoleViewer, "GET", "/people", nil)); !strings.Contains(body, "/thumb.jpg") {
		t.Error("the list shows no thumbnail")
	}
}

func TestPhotoUploadRefusals(t *testing.T) {
	f := newFixture(t)
	for name, tc := range map[string]struct {
		content []byte
		status  int
	}{
		"not an image":          {[]byte("MZ\x90\x00 an executable"), http.StatusUnprocessableEntity},
		"too big":               {bytes.Repeat([]byte{0xFF}, 11<<20), http.StatusRequestEntityTooLarge},
		"empty":                 {[]byte{}, http.StatusUnprocessableEntity},
		"40,000,000 × 1 pixels": {pngClaiming(t, 40_000_000, 1), http.StatusUnprocessableEntity},
	} {
		resp := f.upload(faces.RoleEditor, "/people/1/photo", tc.content)
		body := bodyOf(t, resp)
		if resp.StatusCode != tc.status || !strings.Contains(body, `class="problem"`) {
			t.Errorf("%s: %d", name, resp.StatusCode)
		}
	}
	if p, _ := f.db.FindPersonByID(t.Context(), 1); p.PhotoHash != "" {
		t.Error("a refused upload left a photo")
	}
}

func regexpFind(s, pattern string) string { return regexp.MustCompile(pattern).FindString(s) }

// pngClaiming returns a small PNG whose header claims the given size.
func pngClaiming(t *testing.T, w, h uint32) []byte {
	b := testPNG(t)
	ihdr := b[8+8 : 8+8+13]
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	binary.BigEndian.PutUint32(b[8+8+13:], crc32.ChecksumIEEE(b[8+4:8+8+13]))
	return b
}

// An upload that runs past the upload timeout is refused with 503 and
// leaves no photo, and so is one that finds the decoding budget taken.
func TestPhotoUploadTimeoutAndBusy(t *testing.T) {
	f := newFixture(t)
	f.server.uploadTimeout = time.Nanosecond
	resp := f.upload(faces.RoleEditor, "/people/1/photo", testPNG(t))
	if body := bodyOf(t, resp); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "not saved") {
		t.Errorf("timed out: %d", resp.StatusCode)
	}
	if p, _ := f.db.FindPersonByID(t.Context(), 1); p.PhotoHash != "" {
		t.Error("a timed-out upload left a photo")
	}

	f.server.uploadTimeout = 200 * time.Millisecond
	f.server.photos = photo.NewPipeline(photo.DefaultBudget)
	release, _ := f.server.photos.Reserve(t.Context(), photo.DefaultBudget) // other uploads hold it all
	defer release()
	resp = f.upload(faces.RoleEditor, "/people/1/photo", testPNG(t))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("busy: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp.Body.Close()
	if p, _ := f.db.FindPersonByID(t.Context(), 1); p.PhotoHash != "" {
		t.Error("a refused upload left a photo")
	}
}
