package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
)

// portrait draws a made-up face: head and shoulders with hair, eyes,
// brows, nose and mouth, in one of many skin tones, hair colors and styles,
// on a soft background — so that the sample wall and lists show faces
// without using anyone's real photo. Edges are smoothed by sampling their
// pixels four times.
func portrait(r *rand.Rand) []byte {
	const w, h = 480, 600
	f := newFace(r)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	// Each pixel's center first; pixels on an edge (a neighbour differs)
	// are then sampled four times, to smooth them.
	center := make([]color.RGBA, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			center[y*w+x] = f.at(float64(x)+.5, float64(y)+.5, h)
		}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := center[y*w+x]
			edge := (x > 0 && apart(center[y*w+x-1], c)) || (x < w-1 && apart(center[y*w+x+1], c)) ||
				(y > 0 && apart(center[(y-1)*w+x], c)) || (y < h-1 && apart(center[(y+1)*w+x], c))
			if edge {
				var rr, gg, bb int
				for _, d := range [4][2]float64{{.25, .25}, {.75, .25}, {.25, .75}, {.75, .75}} {
					s := f.at(float64(x)+d[0], float64(y)+d[1], h)
					rr, gg, bb = rr+int(s.R), gg+int(s.G), bb+int(s.B)
				}
				c = color.RGBA{uint8(rr / 4), uint8(gg / 4), uint8(bb / 4), 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

// apart tells colors of different features from the steps of the
// background's gradient.
func apart(a, b color.RGBA) bool {
	d := func(p, q uint8) int {
		if p > q {
			return int(p - q)
		}
		return int(q - p)
	}
	return d(a.R, b.R)+d(a.G, b.G)+d(a.B, b.B) > 6
}

// skinTones run from light to deep.
var skinTones = [][3]float64{{28, .55, .84}, {25, .50, .76}, {27, .45, .68}, {24, .42, .58}, {22, .40, .48}, {20, .38, .38}, {18, .35, .29}, {16, .30, .22}}

// hairColors: black, dark brown, brown, auburn, blond, grey.
var hairColors = [][3]float64{{25, .15, .10}, {22, .35, .18}, {25, .40, .30}, {12, .55, .35}, {42, .55, .62}, {30, .04, .70}}

// face is one made-up person's features.
type face struct {
	bg1, bg2, skin, shade, hair, cloth, collar, lips, eye color.RGBA
	headRX, headRY, cx, cy                                float64
	hairStyle                                             int // 0 short, 1 long, 2 bald, 3 bun, 4 curly
	glasses, smile                                        bool
}

func newFace(r *rand.Rand) *face {
	hue := r.Float64() * 360
	s := skinTones[r.IntN(len(skinTones))]
	hc := hairColors[r.IntN(len(hairColors))]
	f := &face{
		bg1: hsl(hue, .40, .86), bg2: hsl(hue+20, .35, .74),
		skin: hsl(s[0], s[1], s[2]), shade: hsl(s[0]-4, s[1], s[2]*.82),
		hair:   hsl(hc[0], hc[1], hc[2]),
		cloth:  hsl(hue+150+r.Float64()*60, .30+r.Float64()*.2, .28+r.Float64()*.22),
		collar: hsl(hue, .10, .93), lips: hsl(350+r.Float64()*10, .35, s[2]*.62),
		eye:    hsl(25, .3, .12),
		headRX: 82 + r.Float64()*14, headRY: 104 + r.Float64()*12, cx: 240, cy: 250,
		hairStyle: r.IntN(5), glasses: r.IntN(4) == 0, smile: r.IntN(3) != 0,
	}
	return f
}

func inEllipse(x, y, cx, cy, rx, ry float64) bool {
	dx, dy := (x-cx)/rx, (y-cy)/ry
	return dx*dx+dy*dy <= 1
}

// at is the color of the point: the topmost feature that covers it.
func (f *face) at(x, y float64, h int) color.RGBA {
	cx, cy, rx, ry := f.cx, f.cy, f.headRX, f.headRY
	head := inEllipse(x, y, cx, cy, rx, ry)
	switch {
	case f.glasses && (ring(x, y, cx-36, cy+6, 22, 4) || ring(x, y, cx+36, cy+6, 22, 4) || (y > cy+2 && y < cy+6 && x > cx-15 && x < cx+15)):
		return color.RGBA{40, 36, 34, 255}
	case head && inEllipse(x, y, cx-36, cy+6, 8, 6), head && inEllipse(x, y, cx+36, cy+6, 8, 6):
		return f.eye
	case head && (inEllipse(x, y, cx-36, cy-16, 20, 4.5) || inEllipse(x, y, cx+36, cy-16, 20, 4.5)) && f.hairStyle != 2:
		return f.hair
	case head && f.smile && inEllipse(x, y, cx, cy+58, 26, 13) && y > cy+58:
		return f.lips
	case head && !f.smile && inEllipse(x, y, cx, cy+62, 22, 6):
		return f.lips
	case head && inEllipse(x, y, cx+3, cy+34, 11, 8):
		return f.shade
	case f.hairOver(x, y):
		return f.hair
	case head:
		return f.skin
	case inEllipse(x, y, cx-rx+2, cy+10, 12, 20), inEllipse(x, y, cx+rx-2, cy+10, 12, 20):
		return f.shade // ears
	case f.hairBehind(x, y):
		return f.hair
	case y > 460 && inEllipse(x, y, cx, float64(h)+60, 230, 200) && abs(x-cx) < 38-(y-460)*0.6 && y < 520:
		return f.collar
	case inEllipse(x, y, cx, float64(h)+60, 230, 200):
		return f.cloth
	case y > cy+60 && y < 470 && abs(x-cx) < 52:
		return f.shade // neck
	}
	t := y / float64(h)
	return mix(f.bg1, f.bg2, t)
}

// hairOver is the hair in front of the forehead and sides of the head.
func (f *face) hairOver(x, y float64) bool {
	cx, cy, rx, ry := f.cx, f.cy, f.headRX, f.headRY
	switch f.hairStyle {
	case 2: // bald
		return false
	case 4: // curly: a cloud of circles over the top
		for i := -3; i <= 3; i++ {
			if inEllipse(x, y, cx+float64(i)*rx/3.2, cy-ry*0.78+abs(float64(i))*10, 34, 30) {
				return true
			}
		}
		return false
	}
	// a cap over the top of the head, down to the brow at the sides
	dx := (x - cx) / rx
	return inEllipse(x, y, cx, cy-ry*0.12, rx*1.08, ry*0.98) && y < cy-ry*0.55+dx*dx*ry*0.6
}

// hairBehind is hair behind the head: long hair, a bun.
func (f *face) hairBehind(x, y float64) bool {
	cx, cy, rx, ry := f.cx, f.cy, f.headRX, f.headRY
	switch f.hairStyle {
	case 1:
		return inEllipse(x, y, cx, cy+30, rx*1.25, ry*1.35) && y < cy+ry*1.2
	case 3:
		return inEllipse(x, y, cx, cy-ry-18, 40, 34)
	case 4:
		return inEllipse(x, y, cx, cy-10, rx*1.22, ry*1.05)
	}
	return false
}

func ring(x, y, cx, cy, r, width float64) bool {
	d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
	return d <= r*r && d >= (r-width)*(r-width)
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(p, q uint8) uint8 { return uint8(float64(p)*(1-t) + float64(q)*t) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// hsl converts hue (degrees), saturation and lightness to a color.
func hsl(h, s, l float64) color.RGBA {
	for h < 0 {
		h += 360
	}
	for h >= 360 {
		h -= 360
	}
	c := (1 - abs(2*l-1)) * s
	x := c * (1 - abs(mod2(h/60)-1))
	m := l - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	return color.RGBA{uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255), 255}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func mod2(v float64) float64 {
	for v >= 2 {
		v -= 2
	}
	return v
}
