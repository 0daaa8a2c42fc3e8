// Command lensbench measures the customer-focus lens on a corpus: its
// single-core throughput, side by side with a general-purpose named-entity
// recognizer (github.com/jdkato/prose/v2) on the same text, and its memory
// over a large generated folder. It lives in its own module so that the
// recognizer it compares against is no dependency of Faces.
//
//	cd bench && go run ./lensbench -corpus ../../shared/lens/dev/docs
//	cd bench && go run ./lensbench -command-mb 20    # faces lens --json beside wc -w
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces/lens"
	"github.com/jdkato/prose/v2"
)

func main() {
	corpus := flag.String("corpus", "../../shared/lens/dev/docs", "folder of .txt documents to measure on")
	sample := flag.Int("sample-mb", 2, "MB of text (the corpus repeated) for the side-by-side throughput run")
	rounds := flag.Int("rounds", 5, "timed rounds of each analyzer; the median is reported")
	folderMB := flag.Int("folder-mb", 1024, "size in MB of the generated folder for the memory run (0 skips it)")
	commandMB := flag.Int("command-mb", 0, "size in MB of a folder of the corpora's documents that `faces lens --json` reads, timed beside `wc -w` (0 skips it)")
	corpus2 := flag.String("corpus2", "../../shared/lens/dev2/docs", "a second folder of documents for the command run")
	flag.Parse()
	if *commandMB > 0 {
		commandRun([]string{*corpus, *corpus2}, *commandMB, *rounds)
		return
	}
	runtime.GOMAXPROCS(1) // single-core figures

	text, n := loadCorpus(*corpus)
	fmt.Printf("corpus: %d documents, %d bytes; %s, %s/%s\n", n, len(text), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Println(cpuModel())

	sampleText := repeatTo(text, *sample<<20)
	lensRate := median(*rounds, func() float64 { return timeIt(len(sampleText), func() { lens.AnalyzeBytes(sampleText) }) })
	fmt.Printf("lens (faces/lens, AnalyzeBytes):      %8.2f MB/s on %d MB, one core\n", lensRate, *sample)
	proseRate := median(*rounds, func() float64 { return timeIt(len(sampleText), func() { proseEntities(sampleText) }) })
	fmt.Printf("prose/v2 NER (tokenize, tag, chunk): %8.2f MB/s on %d MB, one core\n", proseRate, *sample)
	fmt.Printf("ratio lens / prose: %.0f×\n", lensRate/proseRate)

	if *folderMB > 0 {
		memoryRun(text, *folderMB)
	}
}

func loadCorpus(dir string) ([]byte, int) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no .txt documents in %s", dir)
	}
	var all bytes.Buffer
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		all.Write(b)
		all.WriteString("\n\n")
	}
	return all.Bytes(), len(files)
}

func repeatTo(text []byte, size int) []byte {
	out := make([]byte, 0, size+len(text))
	for len(out) < size {
		out = append(out, text...)
	}
	return out
}

// proseEntities runs prose's named-entity extraction, the nearest job a
// general-purpose library does: find the names in a text.
func proseEntities(text []byte) int {
	doc, err := prose.NewDocument(string(text), prose.WithSegmentation(false))
	if err != nil {
		log.Fatal(err)
	}
	return len(doc.Entities())
}

func timeIt(n int, f func()) float64 {
	runtime.GC()
	start := time.Now()
	f()
	return float64(n) / (1 << 20) / time.Since(start).Seconds()
}

func median(rounds int, f func() float64) float64 {
	var xs []float64
	for range rounds {
		xs = append(xs, f())
	}
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if xs[j] < xs[i] {
				xs[i], xs[j] = xs[j], xs[i]
			}
		}
	}
	return xs[len(xs)/2]
}

// memoryRun writes a folder of sizeMB of documents (the corpus, with
// numbered copies), streams every file through the lens as the CLI does
// for plain text, and reports the peak resident memory of this process.
func memoryRun(text []byte, sizeMB int) {
	dir, err := os.MkdirTemp("", "lensbench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	chunk := repeatTo(text, 4<<20) // 4 MB files
	files := sizeMB / 4
	for i := range files {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("doc-%05d.txt", i)), chunk, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	// Forget the samples and prose's allocations, and reset the peak, so
	// the figure is the folder run's alone.
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	before := peakRSS()
	var corpus lens.Corpus
	start := time.Now()
	for i := range files {
		f, err := os.Open(filepath.Join(dir, fmt.Sprintf("doc-%05d.txt", i)))
		if err != nil {
			log.Fatal(err)
		}
		var doc lens.Document
		var sentences int
		err = lens.Stream(f, func(s lens.Sentence, ms []lens.Mention) {
			sentences++
			for _, m := range ms {
				doc.Counts[m.Level]++
			}
		}, &doc.Bytes)
		f.Close()
		if err != nil {
			log.Fatal(err)
		}
		doc.CustomerFree = doc.Counts.Total() == 0
		corpus.Add(&doc)
		corpus.Sentences += sentences
	}
	elapsed := time.Since(start)
	fmt.Printf("folder: %d files, %d MB streamed in %.1f s (%.1f MB/s); %d references\n",
		files, files*4, elapsed.Seconds(), float64(files*4)/elapsed.Seconds(), corpus.Mentions.Total())
	fmt.Printf("peak RSS: %d MB at the start of the folder run, %d MB at its end\n", before>>10, peakRSS()>>10)
}

// peakRSS reads the process's peak resident set size in kB (Linux).
func peakRSS() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return 0
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "cpu: unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			return "cpu:" + strings.SplitN(line, ":", 2)[1]
		}
	}
	return "cpu: unknown"
}
