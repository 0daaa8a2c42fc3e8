package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
)

// portrait draws a placeholder portrait: a head-and-shoulders silhouette
// on a soft background, in colors of its own, so that the sample wall and
// lists show faces-shaped pictures without using anyone's real photo.
func portrait(r *rand.Rand) []byte {
	const w, h = 480, 600
	hue := r.Float64() * 360
	bg := hsl(hue, 0.45, 0.82)
	fg := hsl(hue+180+r.Float64()*60-30, 0.25, 0.35+r.Float64()*0.2)
	skin := hsl(20+r.Float64()*25, 0.35+r.Float64()*0.2, 0.35+r.Float64()*0.4)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	headX, headY, headR := w/2, h*2/5, 95.0+r.Float64()*15
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := bg
			dx, dy := float64(x-headX), float64(y-headY)
			switch {
			case dx*dx/(headR*headR)+dy*dy/(headR*1.25*headR*1.25) <= 1:
				c = skin
			case y > h*2/3 && dx*dx/(210*210)+float64(y-h)*float64(y-h)/(200*200) <= 1:
				c = fg // shoulders
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
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
