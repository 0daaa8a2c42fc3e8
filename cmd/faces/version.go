package main

import (
	"fmt"
	"io"

	"github.com/faces-org/faces"
)

// runVersion prints the version, the commit it was built from and the Go
// version: "faces v1.2.0 (commit 3b08dd3…, go1.26.8)".
func runVersion(stdout io.Writer) int {
	b := faces.Build()
	commit := b.Commit
	if commit == "" {
		commit = "unknown"
	}
	if b.Modified {
		commit += ", with uncommitted changes"
	}
	fmt.Fprintf(stdout, "faces %s (commit %s, %s)\n", b.Version, commit, b.GoVersion)
	return 0
}
