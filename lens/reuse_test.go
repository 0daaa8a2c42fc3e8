package lens

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
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
	}
}
