package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressBar draws "[#####     ] 12/40 name" on one terminal line. A nil
// *progressBar draws nothing, so callers need not check.
type progressBar struct {
	w         io.Writer
	total, n  int
	lastDrawn time.Time
}

func newProgressBar(w io.Writer, total int) *progressBar {
	return &progressBar{w: w, total: total}
}

// step counts one file done and redraws at most ten times a second.
func (p *progressBar) step(name string) {
	if p == nil {
		return
	}
	p.n++
	if time.Since(p.lastDrawn) < 100*time.Millisecond && p.n < p.total {
		return
	}
	p.lastDrawn = time.Now()
	const width = 30
	filled := width
	if p.total > 0 {
		filled = min(width, p.n*width/p.total)
	}
	if len(name) > 40 {
		name = "…" + name[len(name)-39:]
	}
	fmt.Fprintf(p.w, "\r\033[K[%s%s] %d/%d %s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), p.n, p.total, name)
}

// done clears the bar's line.
func (p *progressBar) done() {
	if p != nil {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
