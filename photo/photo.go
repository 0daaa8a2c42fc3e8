// Package photo turns an uploaded portrait into the sizes Faces shows. It
// refuses before it costs memory: more bytes than the cap, content that is
// not a JPEG, PNG or WebP image (by its bytes, not its name), and — read
// from the header, before decoding — more pixels than the cap, an edge too
// short or too long, or a shape no portrait has (decompression bombs such
// as 40,000,000 × 1 pixels). Decoding then waits for its share of a memory
// budget, so any number of uploads at once costs a bounded amount of
// memory. It turns the image upright by its EXIF orientation and
// re-encodes every size as a fresh JPEG, which leaves all metadata
// (location, camera, EXIF) behind.
package photo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // registers PNG
	"io"
	"sync/atomic"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP
	"golang.org/x/sync/semaphore"
)

// Limits on an upload.
const (
	MaxBytes  = 10 << 20   // 10 MB
	MaxPixels = 40_000_000 // 40 megapixels
	MinEdge   = 32         // pixels: smaller shows no face
	MaxEdge   = 16_000     // pixels
	MaxAspect = 4          // the long edge at most 4 times the short one
)

// bytesPerPixel bounds what decoding costs per pixel: the decoded image (at
// most 8 bytes a pixel, for 16-bit PNG) and an upright copy (4 bytes).
const bytesPerPixel = 12

// DefaultBudget is the memory all decodes at once may take: one photo of
// MaxPixels, or several smaller ones.
const DefaultBudget = MaxPixels * bytesPerPixel

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
	ErrShape       = fmt.Errorf("the photo must be at least %d pixels on each side, at most %d, and at most %d times as long as it is wide", MinEdge, MaxEdge, MaxAspect)
	// ErrBusy: the memory budget stayed taken until the context ended.
	ErrBusy = errors.New("the server is busy with other photos")
)

// Pipeline processes uploads within a memory budget shared by all of them.
type Pipeline struct {
	budget   *semaphore.Weighted
	capacity int64
	// For the metrics: how many wait for their share, how many bytes are
	// taken, how many gave up waiting.
	waiting, inUse, busy atomic.Int64
}

// PipelineStats is what the pipeline is doing now, for the metrics.
type PipelineStats struct {
	Waiting     int64 // decodes waiting for their share of the budget
	InUse       int64 // bytes of the budget taken
	Capacity    int64 // bytes of the budget
	BusyRefused int64 // decodes refused since start: the budget stayed taken
}

// Stats returns what the pipeline is doing now.
func (pl *Pipeline) Stats() PipelineStats {
	return PipelineStats{Waiting: pl.waiting.Load(), InUse: pl.inUse.Load(), Capacity: pl.capacity, BusyRefused: pl.busy.Load()}
}

// NewPipeline returns a pipeline whose decodes together take at most
// budget bytes (DefaultBudget is one photo of MaxPixels).
func NewPipeline(budget int64) *Pipeline {
	return &Pipeline{budget: semaphore.NewWeighted(budget), capacity: budget}
}

// Reserve takes n bytes of the budget, waiting until ctx ends (then
// ErrBusy), for Process or for other image work that should share it.
func (pl *Pipeline) Reserve(ctx context.Context, n int64) (release func(), err error) {
	pl.waiting.Add(1)
	err = pl.budget.Acquire(ctx, n)
	pl.waiting.Add(-1)
	if err != nil {
		pl.busy.Add(1)
		return nil, ErrBusy
	}
	pl.inUse.Add(n)
	return func() { pl.inUse.Add(-n); pl.budget.Release(n) }, nil
}

// Cost is the memory budget decoding a width × height image takes.
func Cost(width, height int) int64 { return int64(width) * int64(height) * bytesPerPixel }

// Process reads an upload (at most MaxBytes+1 bytes of it) and makes the
// renditions. It waits for its share of the memory budget until ctx ends
// (then ErrBusy), and stops with ctx's error if ctx ends while it works.
func (pl *Pipeline) Process(ctx context.Context, r io.Reader) (*Processed, error) {
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
	if err := checkShape(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	cost := Cost(cfg.Width, cfg.Height)
	if cost > pl.capacity {
		return nil, ErrTooManyPix
	}
	release, err := pl.Reserve(ctx, cost)
	if err != nil {
		return nil, err
	}
	defer release()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, ErrCorrupt
	}
	img = upright(img, orientation(data))
	b := img.Bounds()
	p := &Processed{Width: b.Dx(), Height: b.Dy(), Renditions: map[string][]byte{}}
	for _, s := range Sizes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
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

// checkShape refuses, from the header alone, what no portrait looks like.
func checkShape(w, h int) error {
	short, long := min(w, h), max(w, h)
	switch {
	case w <= 0 || h <= 0 || int64(w)*int64(h) > MaxPixels:
		return ErrTooManyPix
	case short < MinEdge || long > MaxEdge || long > short*MaxAspect:
		return ErrShape
	}
	return nil
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
