package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenTextReadsTheWholeFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4096, 200_000} {
		want := bytes.Repeat([]byte("a customer, "), size/12+1)[:size]
		path := filepath.Join(dir, "doc.txt")
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := openText(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(f)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: read %d bytes, err %v", size, len(got), err)
		}
		if n, err := f.Read(make([]byte, 10)); n != 0 || err != io.EOF {
			t.Errorf("%d bytes: a read after the end gave %d, %v; want 0, EOF", size, n, err)
		}
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}
}

func TestOpenTextNamesAMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.txt")
	_, err := openText(path)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != path || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want a path error that the file does not exist", err)
	}
}
