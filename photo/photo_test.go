package photo

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"
)

func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	// A red block in the top-left corner, to see where it ends up.
	for y := 0; y < h/4; y++ {
		for x := 0; x < w/4; x++ {
			img.Set(x, y, color.RGBA{255, 0, 0, 255})
		}
	}
	return img
}

func encodePNG(t *testing.T, img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func size(t *testing.T, b []byte) image.Point {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || format != "jpeg" {
		t.Fatalf("rendition: %v, %s", err, format)
	}
	return image.Pt(cfg.Width, cfg.Height)
}

func TestProcessPNG(t *testing.T) {
	p, err := process(bytes.NewReader(encodePNG(t, testImage(800, 600))))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 800 || p.Height != 600 || len(p.Hash) != 24 {
		t.Errorf("processed %dx%d hash %q", p.Width, p.Height, p.Hash)
	}
	for name, want := range map[string]image.Point{"thumb": {160, 160}, "card": {480, 480}, "full": {800, 600}} {
		if got := size(t, p.Renditions[name]); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	big, _ := process(bytes.NewReader(encodePNG(t, testImage(3000, 2000))))
	if got := size(t, big.Renditions["full"]); got != image.Pt(1200, 800) {
		t.Errorf("large full: %v", got)
	}
}

// withExif inserts an APP1 segment with an orientation and a camera note
// right after a JPEG's start marker.
func withExif(jpg []byte, orientation uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM")
	binary.Write(&tiff, binary.BigEndian, uint16(42))
	binary.Write(&tiff, binary.BigEndian, uint32(8))
	binary.Write(&tiff, binary.BigEndian, uint16(1)) // one entry
	binary.Write(&tiff, binary.BigEndian, uint16(0x0112))
	binary.Write(&tiff, binary.BigEndian, uint16(3)) // SHORT
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, orientation)
	binary.Write(&tiff, binary.BigEndian, uint16(0))
	binary.Write(&tiff, binary.BigEndian, uint32(0))
	tiff.WriteString("GPS 51.5N 0.1W secret camera")
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

func TestProcessJPEGTurnsUprightAndStripsMetadata(t *testing.T) {
	var buf bytes.Buffer
	jpeg.Encode(&buf, testImage(400, 200), nil)
	upload := withExif(buf.Bytes(), 6) // the camera was turned: rotate 90° clockwise
	if orientation(upload) != 6 {
		t.Fatalf("orientation read as %d", orientation(upload))
	}
	p, err := process(bytes.NewReader(upload))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 200 || p.Height != 400 {
		t.Errorf("upright size %dx%d, want 200x400", p.Width, p.Height)
	}
	full, _ := jpeg.Decode(bytes.NewReader(p.Renditions["full"]))
	// Rotated clockwise, the red top-left corner is now at the top right.
	if r, g, _, _ := full.At(190, 10).RGBA(); r>>8 < 200 || g>>8 > 80 {
		t.Errorf("top right is not red after rotation: %v", full.At(190, 10))
	}
	for name, b := range p.Renditions {
		if bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, []byte("GPS 51.5N")) {
			t.Errorf("%s keeps metadata", name)
		}
	}
}

func TestProcessWebP(t *testing.T) {
	// A 48×48 lossless WebP: a 1×1 one whose header says 48×48; its
	// pixels take no bits (a single-symbol code), so it decodes.
	webp, _ := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvL8ALEAcQERGIiP4HAA==")
	p, err := process(bytes.NewReader(webp))
	if err != nil || p.Width != 48 || p.Height != 48 {
		t.Fatalf("webp: %+v, %v", p, err)
	}
}

// pngClaiming returns a PNG whose header claims the given size, with a
// valid checksum, and a tiny body.
func pngClaiming(t *testing.T, w, h uint32) []byte {
	b := encodePNG(t, testImage(4, 4))
	ihdr := b[8+8 : 8+8+13] // after the signature and the chunk's length and type
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	binary.BigEndian.PutUint32(b[8+8+13:], crc32.ChecksumIEEE(b[8+4:8+8+13]))
	return b
}

func TestProcessRefusesBadUploads(t *testing.T) {
	good := encodePNG(t, testImage(64, 64))
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmptyUpload},
		{"too big", append(append([]byte{}, good...), bytes.Repeat([]byte{0}, MaxBytes)...), ErrTooBig},
		{"text named photo.jpg", []byte("this is not a picture"), ErrNotImage},
		{"html", []byte("<html><script>alert(1)</script>"), ErrNotImage},
		{"decompression bomb", pngClaiming(t, 100_000, 100_000), ErrTooManyPix},
		{"40,000,000 × 1 pixels", pngClaiming(t, 40_000_000, 1), ErrShape},
		{"a thin strip under the pixel cap", pngClaiming(t, 10_000, 100), ErrShape},
		{"too long an edge", pngClaiming(t, 20_000, 1_999), ErrShape},
		{"tiny", encodePNG(t, testImage(16, 16)), ErrShape},
		{"truncated", good[:len(good)/2], ErrCorrupt},
	}
	for _, tt := range tests {
		if _, err := process(bytes.NewReader(tt.data)); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if !strings.Contains(ErrTooBig.Error(), "10 MB") {
		t.Error(ErrTooBig)
	}
}

// process runs an upload through a pipeline of its own.
func process(r io.Reader) (*Processed, error) {
	return NewPipeline(DefaultBudget).Process(context.Background(), r)
}

// The memory budget bounds decoding by construction: a decode that needs
// more than the whole budget is refused, and one that finds the budget
// taken waits, then gives up with ErrBusy when its context ends — it does
// not decode.
func TestPipelineBudget(t *testing.T) {
	upload := encodePNG(t, testImage(400, 400))
	small := NewPipeline(Cost(399, 399))
	if _, err := small.Process(t.Context(), bytes.NewReader(upload)); !errors.Is(err, ErrTooManyPix) {
		t.Errorf("over the whole budget: %v", err)
	}

	pl := NewPipeline(Cost(400, 400))
	pl.budget.Acquire(t.Context(), 1) // another upload holds part of it
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := pl.Process(ctx, bytes.NewReader(upload)); !errors.Is(err, ErrBusy) {
		t.Errorf("budget taken: %v", err)
	}
	pl.budget.Release(1)
	if _, err := pl.Process(t.Context(), bytes.NewReader(upload)); err != nil {
		t.Errorf("budget free again: %v", err)
	}
	// Nothing is left held.
	if !pl.budget.TryAcquire(pl.capacity) {
		t.Error("the budget was not given back")
	}
}

// Work stops when the request's context ends.
func TestPipelineStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := NewPipeline(DefaultBudget).Process(ctx, bytes.NewReader(encodePNG(t, testImage(400, 400))))
	if err == nil {
		t.Error("a cancelled upload was processed")
	}
}

func FuzzOrientation(f *testing.F) {
	var buf bytes.Buffer
	jpeg.Encode(&buf, testImage(8, 8), nil)
	f.Add(withExif(buf.Bytes(), 3))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := orientation(b); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}
