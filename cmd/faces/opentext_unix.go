//go:build unix

package main

import (
	"io"
	"io/fs"
	"syscall"
)

// openText opens a regular file that one goroutine reads once, start to
// end. It is a plain descriptor: os.Open would also try to register it with
// Go's poller, which a regular file never needs, and on a folder of small
// files those four extra system calls per file cost more than reading it.
func openText(path string) (io.ReadCloser, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return &textFile{fd: fd, path: path}, nil
	}
}

type textFile struct {
	fd   int
	path string
	eof  bool
}

// Read reads from the file; once it has met the end it answers io.EOF
// without asking again (a buffered reader asks once more after the end).
func (f *textFile) Read(p []byte) (int, error) {
	if f.eof {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.path, Err: err}
		case n == 0:
			f.eof = true
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *textFile) Close() error { return syscall.Close(f.fd) }
