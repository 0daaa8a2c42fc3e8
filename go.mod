module github.com/faces-org/faces

go 1.26.8

require (
	golang.org/x/net v0.62.0
	golang.org/x/term v0.47.0
)

require golang.org/x/sys v0.49.0 // indirect
