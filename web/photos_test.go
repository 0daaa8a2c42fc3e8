package web

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/faces-org/faces"
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
	for name, content := range map[string][]byte{
		"not an image": []byte("MZ\x90\x00 an executable"),
		"too big":      bytes.Repeat([]byte{0xFF}, 11<<20),
		"empty":        {},
	} {
		resp := f.upload(faces.RoleEditor, "/people/1/photo", content)
		body := bodyOf(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `class="problem"`) {
			t.Errorf("%s: %d", name, resp.StatusCode)
		}
	}
	if p, _ := f.db.FindPersonByID(t.Context(), 1); p.PhotoHash != "" {
		t.Error("a refused upload left a photo")
	}
}

func regexpFind(s, pattern string) string { return regexp.MustCompile(pattern).FindString(s) }
