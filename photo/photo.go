// Package photo turns an uploaded portrait into the sizes Faces shows. It
// refuses before it costs memory: more bytes than the cap, content that is
// not a JPEG, PNG or WebP image (by its bytes, not its name), or more
// pixels than the cap as read from the header (decompression bombs). It
// decodes, turns the image upright by its EXIF orientation, and re-encodes
// every size as a fresh JPEG, which leaves all metadata (location,
// camera, EXIF) behind.
package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // registers PNG
	"io"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP
)

// Limits on an upload.
const (
	MaxBytes  = 10 << 20   // 10 MB
	MaxPixels = 40_000_000 // 40 megapixels
)

// Sizes are the renditions made of each portrait: square crops for faces in
// lists and on wall cards, and the whole picture, scaled down.
var Sizes = []Size{
	{Name: "thumb", Edge: 160, Square: true},
	{Name: "card", Edge: 480, Square: true},
	{Name: "full", Edge: 1200},
}

// Size is one rendition: its longest edge in pixels, and whether it is a
// square crop.
type Size struct {
	Name   string
	Edge   int
	Square bool
}

// Processed is a portrait ready to store.
type Processed struct {
	Hash          string            // content hash of the full rendition, for cache-forever URLs
	Width, Height int               // of the upright original
	Renditions    map[string][]byte // size name → JPEG
}

// Errors a person can act on.
var (
	ErrTooBig      = fmt.Errorf("the photo is larger than %d MB", MaxBytes>>20)
	ErrNotImage    = errors.New("the file is not a JPEG, PNG or WebP image")
	ErrTooManyPix  = fmt.Errorf("the photo has more than %d megapixels", MaxPixels/1_000_000)
	ErrCorrupt     = errors.New("the image could not be read; it may be damaged")
	ErrEmptyUpload = errors.New("no photo was sent")
)

// Process reads an upload (at most MaxBytes+1 bytes of it) and makes the
// renditions.
func Process(r io.Reader) (*Processed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	switch {
	case len(data) == 0:
		return nil, ErrEmptyUpload
	case len(data) > MaxBytes:
		return nil, ErrTooBig
	case !isImage(data):
		return nil, ErrNotImage
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, ErrCorrupt
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, ErrTooManyPix
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, ErrCorrupt
	}
	img = upright(img, orientation(data))
	b := img.Bounds()
	p := &Processed{Width: b.Dx(), Height: b.Dy(), Renditions: map[string][]byte{}}
	for _, s := range Sizes {
		out, err := render(img, s)
		if err != nil {
			return nil, err
		}
		p.Renditions[s.Name] = out
	}
	sum := sha256.Sum256(p.Renditions["full"])
	p.Hash = hex.EncodeToString(sum[:12])
	return p, nil
}

// isImage sniffs the first bytes for JPEG, PNG or WebP.
func isImage(b []byte) bool {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return true
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return true
	}
	return false
}

// render scales (and for squares, crops) the image and encodes a JPEG.
func render(img image.Image, s Size) ([]byte, error) {
	src := img.Bounds()
	if s.Square {
		// A centred square, nudged up: in a portrait the face is high.
		side := min(src.Dx(), src.Dy())
		x := src.Min.X + (src.Dx()-side)/2
		y := src.Min.Y + (src.Dy()-side)/4
		src = image.Rect(x, y, x+side, y+side)
	}
	w, h := src.Dx(), src.Dy()
	if longest := max(w, h); longest > s.Edge {
		w, h = max(1, w*s.Edge/longest), max(1, h*s.Edge/longest)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, src, draw.Src, nil)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
