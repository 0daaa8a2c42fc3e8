module github.com/faces-org/faces

go 1.26.8
