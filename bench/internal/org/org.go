// Package org holds what the benchmarks share: the words a generated
// organization is made of, and building the faces binary to serve it.
package org

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Titles, Tags and Words make people's titles, tags and notes.
var (
	Titles = []string{"Operations Manager", "Plant Engineer", "CFO", "VP Engineering", "Head of Data", "Product Manager",
		"Facilities Manager", "Buyer", "Quality Lead", "Software Engineer", "CEO", "Line Supervisor", "Analyst", "Nurse Manager"}
	Tags  = []string{"champion", "decision maker", "user", "blocker", "influencer", "economic buyer", "at risk", "advisory council"}
	Words = []string{"night", "shift", "dashboards", "renewal", "warehouse", "audit", "pilot", "rollout", "training", "budget"}
)

// ReadLines reads a lexicon file's words (the lens's first and last names).
func ReadLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	return strings.Fields(string(b)), err
}

// BuildFaces builds ../cmd/faces into dir, in Faces' own module (not the
// benchmarks'), and returns the binary's path.
func BuildFaces(dir string) (string, error) {
	bin := filepath.Join(dir, "faces")
	build := exec.Command("go", "build", "-o", bin, "./cmd/faces")
	build.Dir = ".."
	build.Stderr = os.Stderr
	return bin, build.Run()
}

// MS is a duration in milliseconds.
func MS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
