package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/faces-org/faces/bench/internal/org"
	"github.com/faces-org/faces/lens"
)

// commandRun times what a user runs — `faces lens --json` over a folder of
// many files, on one core — side by side with `wc -w` over the same files,
// round after round, so a slower stretch of a shared machine slows both.
// The folder holds the documents of the corpora, copied until it reaches
// sizeMB.
func commandRun(corpora []string, sizeMB, rounds int) {
	var docs []string
	for _, dir := range corpora {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		docs = append(docs, files...)
	}
	if len(docs) == 0 {
		log.Fatalf("no .txt documents in %v", corpora)
	}
	dir, err := os.MkdirTemp("", "lensbench-command-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	faces, err := org.BuildFaces(dir)
	if err != nil {
		log.Fatalf("building faces: %v", err)
	}
	folder := filepath.Join(dir, "docs")
	if err := os.Mkdir(folder, 0o755); err != nil {
		log.Fatal(err)
	}
	var paths []string
	size := 0
	for copyN := 0; size < sizeMB<<20; copyN++ {
		for _, d := range docs {
			b, err := os.ReadFile(d)
			if err != nil {
				log.Fatal(err)
			}
			p := filepath.Join(folder, fmt.Sprintf("%04d-%s", copyN, filepath.Base(d)))
			if err := os.WriteFile(p, b, 0o644); err != nil {
				log.Fatal(err)
			}
			paths = append(paths, p)
			size += len(b)
		}
	}
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer devNull.Close()
	run := func(name string, args ...string) float64 {
		return timeCommand(devNull, size, 1, name, args...)
	}
	var lensRates, wcRates, allCoreRates []float64
	for range rounds {
		wcRates = append(wcRates, run("wc", append([]string{"-w"}, paths...)...))
		lensRates = append(lensRates, run(faces, "lens", "--json", folder))
		allCoreRates = append(allCoreRates, timeCommand(devNull, size, runtime.NumCPU(), faces, "lens", "--json", folder))
	}
	lensRate, wcRate := medianOf(lensRates), medianOf(wcRates)
	fmt.Printf("folder: %d files, %.1f MB\n", len(paths), float64(size)/(1<<20))
	fmt.Printf("faces lens --json (GOMAXPROCS=1): %8.2f MB/s (median of %d; rounds %s)\n", lensRate, rounds, rates(lensRates))
	fmt.Printf("wc -w:                            %8.2f MB/s (median of %d; rounds %s)\n", wcRate, rounds, rates(wcRates))
	fmt.Printf("ratio faces lens / wc -w: %.2f\n", lensRate/wcRate)
	fmt.Printf("faces lens --json on all %d cores: %7.2f MB/s (median of %d; rounds %s)\n", runtime.NumCPU(), medianOf(allCoreRates), rounds, rates(allCoreRates))
	aimBudget(dir, faces, paths, size, rounds, devNull)
}

// aimMBps is the aim for `faces lens --json` on one core.
const aimMBps = 100

// aimBudget takes apart what the aim leaves for reading the text: the
// command's time over the folder at aimMBps, less what it spends on
// anything but the lens (starting, opening and reading the files, writing
// each document's JSON line). What is left is the time the analyzer would
// have; it prints the speed the analyzer would need and the speed it has,
// in memory, on one core.
func aimBudget(dir, faces string, paths []string, size, rounds int, devNull *os.File) {
	runtime.GOMAXPROCS(1)
	texts := make([][]byte, len(paths))
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			log.Fatal(err)
		}
		texts[i] = b
	}
	// The same number of files, each of one word: the command's start and
	// its cost per file, with next to nothing to read.
	empty := filepath.Join(dir, "words")
	if err := os.Mkdir(empty, 0o755); err != nil {
		log.Fatal(err)
	}
	for i := range paths {
		if err := os.WriteFile(filepath.Join(empty, fmt.Sprintf("%05d.txt", i)), []byte("word\n"), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	seconds := func(f func()) float64 {
		start := time.Now()
		f()
		return time.Since(start).Seconds()
	}
	analyzer := lens.Default()
	docs := make([]*lens.Document, len(texts))
	var files, jsonLines, analysis []float64
	for range rounds {
		files = append(files, seconds(func() { timeCommand(devNull, 1, 1, faces, "lens", "--json", empty) }))
		analysis = append(analysis, seconds(func() {
			for i, t := range texts {
				docs[i] = analyzer.AnalyzeBytes(t)
			}
		}))
		var line []byte
		jsonLines = append(jsonLines, seconds(func() {
			for _, d := range docs {
				line = d.AppendJSON(line[:0])
				devNull.Write(append(line, '\n'))
			}
		}))
	}
	mb := float64(size) / (1 << 20)
	aim := mb / aimMBps
	f, j, a := medianOf(files), medianOf(jsonLines), medianOf(analysis)
	fmt.Printf("\nwhat the aim of %d MB/s leaves for the lens (medians of %d, one core):\n", aimMBps, rounds)
	fmt.Printf("  the whole command at the aim:                 %6.3f s\n", aim)
	fmt.Printf("  start and %d files of one word each:        %6.3f s\n", len(paths), f)
	fmt.Printf("  writing the documents' JSON lines:            %6.3f s\n", j)
	left := aim - f - j
	fmt.Printf("  left for the analyzer:                        %6.3f s", left)
	if left > 0 {
		fmt.Printf(" (it would need %.0f MB/s)", mb/left)
	}
	fmt.Printf("\n  the analyzer now, in memory:                  %6.3f s (%.1f MB/s)\n", a, mb/a)
}

// timeCommand runs a command on the given number of cores and returns
// how fast it went through size bytes, in MB/s.
func timeCommand(devNull *os.File, size, cores int, name string, args ...string) float64 {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = devNull, os.Stderr
	cmd.Env = append(os.Environ(), fmt.Sprintf("GOMAXPROCS=%d", cores))
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s: %v", name, err)
	}
	return float64(size) / (1 << 20) / time.Since(start).Seconds()
}

func medianOf(xs []float64) float64 {
	i := 0
	return median(len(xs), func() float64 { i++; return xs[i-1] })
}

func rates(xs []float64) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%.1f", x)
	}
	return s
}
