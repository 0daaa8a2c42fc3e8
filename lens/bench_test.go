package lens

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// devCorpus returns the labeled development corpus's documents joined, or
// skips when the workspace's shared folder is not beside the checkout.
func devCorpus(tb testing.TB) []byte {
	files, _ := filepath.Glob(filepath.Join(devCorpusDir, "docs", "*.txt"))
	if len(files) == 0 {
		requireInCI(tb, "the dev corpus at "+devCorpusDir)
		tb.Skip("dev corpus not found at " + devCorpusDir)
	}
	var all bytes.Buffer
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		all.Write(b)
		all.WriteString("\n\n")
	}
	return all.Bytes()
}

// BenchmarkAnalyze measures throughput on the dev corpus (run with -cpu 1
// for the single-core figure).
func BenchmarkAnalyze(b *testing.B) {
	text := devCorpus(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		AnalyzeBytes(text)
	}
}

// BenchmarkStream measures the streaming path, which keeps no document.
func BenchmarkStream(b *testing.B) {
	text := devCorpus(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Stream(bytes.NewReader(text), func(Sentence, []Mention) {}, nil)
	}
}

// BenchmarkStreamRules measures the rules alone, the baseline the model's
// cost is read against.
func BenchmarkStreamRules(b *testing.B) {
	text := devCorpus(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Rules.Stream(bytes.NewReader(text), func(Sentence, []Mention) {}, nil)
	}
}

// BenchmarkLongSentence reads one sentence of a megabyte (a line with no
// full stop): what the reader asks of the sentence so far must not grow
// with it.
func BenchmarkLongSentence(b *testing.B) {
	sentence := "Jill Chen, the CFO of Acme, said you want reports and you agree "
	text := []byte(strings.Repeat(sentence, maxChunk/len(sentence)))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		AnalyzeBytes(text)
	}
}
