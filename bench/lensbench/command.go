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
