package lens

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A reader taken from the pool after other documents reads a document as
// a new one does: nothing of the documents before it is remembered, and
// nothing it remembers is overwritten by the paragraphs after.
func TestReusedReaderReadsAsNew(t *testing.T) {
	var files []string
	for _, dir := range []string{devCorpusDir, dev2CorpusDir} {
		fs, _ := filepath.Glob(filepath.Join(dir, "docs", "*.txt"))
		files = append(files, fs...)
	}
	if len(files) == 0 {
		requireInCI(t, "the labeled corpora")
		t.Skip("no labeled corpora")
	}
	a := Default()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		reused := a.AnalyzeBytes(b)
		rd := newReader()
		rd.model = a.Model
		fresh := &Document{Mentions: []Mention{}, Sentences: []Sentence{}}
		if err := rd.stream(bytes.NewReader(b), func(s Sentence, ms []Mention) {
			fresh.Sentences = append(fresh.Sentences, s)
			fresh.Mentions = append(fresh.Mentions, ms...)
		}, &fresh.Bytes); err != nil {
			t.Fatal(err)
		}
		fresh.finish()
		if !reflect.DeepEqual(reused, fresh) {
			t.Errorf("%s: a reused reader read it differently from a new one", filepath.Base(f))
		}
		// Paragraphs are read in place from a buffer the next one
		// overwrites: a mention's text must be its own.
		for _, m := range reused.Mentions {
			if m.Text != string(b[m.Start:m.End]) {
				t.Fatalf("%s: mention at %d:%d reads %q, the text there is %q", filepath.Base(f), m.Start, m.End, m.Text, b[m.Start:m.End])
			}
		}
	}
}

// A caller's buffered reader is read from, not taken over: the reader
// does not keep it for the next document, and the caller can go on using
// it.
func TestStreamLeavesTheCallersReader(t *testing.T) {
	for _, size := range []int{16, 64 * 1024, 256 * 1024} {
		rd := newReader()
		callers := bufio.NewReaderSize(strings.NewReader("Jill called.\n\nThe CFO signs.\n"), size)
		var got []string
		emit := func(_ Sentence, ms []Mention) {
			for _, m := range ms {
				got = append(got, m.Text)
			}
		}
		if err := rd.stream(callers, emit, nil); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != "Jill,CFO" {
			t.Errorf("buffer %d: read %q", size, got)
		}
		callers.Reset(strings.NewReader("what the caller reads next"))
		if err := rd.stream(strings.NewReader("Customers call.\n"), emit, nil); err != nil {
			t.Fatal(err)
		}
		if rest, _ := io.ReadAll(callers); string(rest) != "what the caller reads next" {
			t.Errorf("buffer %d: the caller's reader now reads %q", size, rest)
		}
	}
}
