package contacts

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/photo"
)

func TestInternalAddresses(t *testing.T) {
	for addr, internal := range map[string]bool{
		"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true, "169.254.169.254": true,
		"100.64.0.1": true, "0.0.0.0": true, "0.1.2.3": true, "::1": true, "fe80::1": true, "fc00::1": true, "::": true,
		"::ffff:127.0.0.1": true, "::ffff:10.0.0.1": true, "224.0.0.1": true,
		"93.184.215.14": false, "2606:2800:21f:cb07:6820:80da:af6b:8b2c": false, "8.8.8.8": false,
	} {
		if got := Internal(netip.MustParseAddr(addr)); got != internal {
			t.Errorf("Internal(%s) = %v, want %v", addr, got, internal)
		}
	}
}

func portrait(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(1, 1, color.White)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFetcher(t *testing.T) {
	png := portrait(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/ok.png", func(w http.ResponseWriter, r *http.Request) { w.Write(png) })
	mux.HandleFunc("/slow.png", func(w http.ResponseWriter, r *http.Request) {
		w.Write(png[:10])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/huge.png", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte{0}, 1<<20)
		for range photo.MaxBytes>>20 + 2 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/gone.png", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/hop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok.png", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()

	// The test server is on loopback: refused unless allowed.
	if _, err := (&Fetcher{}).Get(ctx, srv.URL+"/ok.png"); err != ErrInternalAddress {
		t.Errorf("loopback fetched: %v", err)
	}
	if _, err := (&Fetcher{}).Get(ctx, "http://localhost:1/ok.png"); err != ErrInternalAddress {
		t.Errorf("a name for loopback fetched: %v", err)
	}
	allowed := &Fetcher{AllowPrivate: true, Timeout: time.Minute}
	impatient := &Fetcher{AllowPrivate: true, Timeout: 500 * time.Millisecond}
	for path, want := range map[string]string{
		"/ok.png": "", "/hop": "", "/gone.png": "the address answered 404 Not Found",
		"/slow.png": "no answer within 500ms", "/huge.png": "it is larger than 10 MB",
	} {
		f := allowed
		if path == "/slow.png" {
			f = impatient // the only one whose answer never ends
		}
		data, err := f.Get(ctx, srv.URL+path)
		switch {
		case want == "" && (err != nil || !bytes.Equal(data, png)):
			t.Errorf("%s: %v", path, err)
		case want != "" && (err == nil || err.Error() != want):
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
	if _, err := allowed.Get(ctx, "file:///etc/passwd"); err == nil {
		t.Error("a file: address was read")
	}
}

func TestPhotoTakerKeepsOrderAndSaysWhy(t *testing.T) {
	png := portrait(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/nope") {
			http.NotFound(w, r)
			return
		}
		w.Write(png)
	}))
	defer srv.Close()
	in := func(yield func(*faces.Contact, error) bool) {
		for i := range 40 {
			c := &faces.Contact{Line: i + 1, Name: "P"}
			switch i % 4 {
			case 0:
				c.Photo.Data = png
			case 1:
				c.Photo.URL = srv.URL + "/p.png"
			case 2:
				c.Photo.URL = srv.URL + "/nope"
			}
			if !yield(c, nil) {
				return
			}
		}
	}
	pt := &PhotoTaker{Pipeline: photo.NewPipeline(photo.DefaultBudget), Fetcher: &Fetcher{AllowPrivate: true}}
	line := 0
	for c, err := range pt.Take(context.Background(), in) {
		if err != nil {
			t.Fatal(err)
		}
		line++
		if c.Line != line {
			t.Fatalf("contact of line %d came as number %d", c.Line, line)
		}
		switch (line - 1) % 4 {
		case 0, 1:
			if c.Photo.Portrait == nil || len(c.Photo.Portrait.Renditions) != len(photo.Sizes) {
				t.Errorf("line %d: no portrait: %+v", line, c.Photo)
			}
		case 2:
			if c.Photo.Portrait != nil || !strings.Contains(c.Photo.Problem, "404") {
				t.Errorf("line %d: %+v", line, c.Photo)
			}
		case 3:
			if c.Photo.Portrait != nil || c.Photo.Problem != "" {
				t.Errorf("line %d: %+v", line, c.Photo)
			}
		}
	}
	if line != 40 {
		t.Errorf("%d contacts came through", line)
	}
	// Stopping early stops the work ahead.
	n := 0
	for range pt.Take(context.Background(), in) {
		if n++; n == 3 {
			break
		}
	}
}
