package lens

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// encodingJSON is what encoding/json writes for v with HTML left alone.
func encodingJSON(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func TestAppendJSONWritesWhatEncodingJSONWrites(t *testing.T) {
	docs := []*Document{
		AnalyzeString("Our customers at Acme <b>love</b> it. Jane Doe, VP Engineering at Acme: \"We ship daily.\""),
		{Path: "odd\x00\x1f\"\\\t\n\r\b\f\u2028\u2029\xff\xfe<&>é.txt", Bytes: 3, Mentions: []Mention{{1, 2, Person, "a\xc3"}},
			Sentences: []Sentence{{0, 3, LevelSet(0).Add(Market).Add(Person), true}, {3, 4, 0, false}}, UsShare: 1e-7},
		{Mentions: nil, Sentences: nil, UsShare: 0.5},
		{Mentions: []Mention{}, Sentences: []Sentence{}, UsShare: 2.0 / 3},
		{UsShare: 1e22},
	}
	files, _ := filepath.Glob(filepath.Join(devCorpusDir, "docs", "*.txt"))
	if len(files) == 0 {
		requireInCI(t, "the dev corpus at "+devCorpusDir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := AnalyzeBytes(b)
		d.Path = f
		docs = append(docs, d)
	}
	for _, f := range []float64{0, 1, 0.25, 1.0 / 3, 1e-6, 9.99e-7, 123456789, math.SmallestNonzeroFloat64} {
		docs = append(docs, &Document{UsShare: f})
	}
	for i, d := range docs {
		if got, want := string(d.AppendJSON(nil)), encodingJSON(t, d); got != want {
			t.Errorf("document %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// FuzzAppendJSON checks the hand-written JSON against encoding/json for
// any path and text, valid UTF-8 or not.
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{"", "plain", "\"quoted\" \\ back", "\x00\x01\x1f\x7f", "\xff\xfe\xc3", "\u2028\u2029", "<tag>&amp;", "é ü 日本", "\xed\xa0\x80"} {
		f.Add(s, 0.5)
	}
	f.Fuzz(func(t *testing.T, s string, share float64) {
		d := &Document{Path: s, Bytes: int64(len(s)), Mentions: []Mention{{0, len(s), Role, s}},
			Sentences: []Sentence{{0, len(s), LevelSet(len(s) % 16), len(s)%2 == 0}}, UsShare: share}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d); err != nil {
			return // NaN and infinities: encoding/json refuses them, and no share is one
		}
		if got, want := string(d.AppendJSON(nil)), strings.TrimSuffix(buf.String(), "\n"); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
}
