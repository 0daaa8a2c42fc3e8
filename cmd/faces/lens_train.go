package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/faces-org/faces/lens"
)

// runLensTrain fits the lens's learned model to labeled corpora and writes
// it; `go generate ./lens` runs it to rebuild the model Faces ships.
func runLensTrain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces lens train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the model to `file` (default: standard output)")
	version := fs.String("version", "", "name the model `v` (a date, say)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: faces lens train [-o FILE] [-version V] DIR...\n\nTrains the lens's model on every labeled DIR (docs/ and labels.jsonl).\nThe same corpora give the same model, byte for byte.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	examples, err := loadExamples(fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "faces lens train: %v\n", err)
		return 1
	}
	opt := lens.DefaultTraining
	opt.Version = *version
	m := lens.Train(examples, opt)
	if *out == "" {
		_, err = m.WriteTo(stdout)
	} else {
		err = writeModel(*out, m)
	}
	if err != nil {
		fmt.Fprintf(stderr, "faces lens train: %v\n", err)
		return 1
	}
	if *out != "" {
		fmt.Fprintf(stderr, "faces lens train: %d sentences from %d sources, %d features → %s\n",
			len(examples), len(lens.Sources(examples)), m.Features(), *out)
	}
	return 0
}

// writeModel writes the model to path whole or not at all.
func writeModel(path string, m *lens.Model) error {
	return writeWhole(path, func(w io.Writer) error {
		_, err := m.WriteTo(w)
		return err
	})
}

// writeWhole writes a file whole or not at all: to a file beside it,
// renamed over it when complete. The file is readable by all, as the
// models and labels it writes are no secret.
func writeWhole(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	tmp.Chmod(0o644)
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
