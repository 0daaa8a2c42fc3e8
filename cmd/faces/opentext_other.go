//go:build !unix

package main

import (
	"io"
	"os"
)

// openText opens a file that one goroutine reads once, start to end.
func openText(path string) (io.ReadCloser, error) { return os.Open(path) }
