// Command importbench measures `faces import`: it imports a contact file
// (see gencontacts) into a fresh SQLite database and, with -postgres, into
// a fresh PostgreSQL schema, with the faces binary as a user runs it, and
// reports people per second and the process's peak memory (its maximum
// resident set, from the operating system).
//
//	cd bench && go run ./gencontacts -people 1000000 > /tmp/people.csv
//	go run ./importbench -file /tmp/people.csv -postgres postgres://…
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"

	"github.com/faces-org/faces/bench/internal/org"
)

func main() {
	file := flag.String("file", "", "the contact file to import (CSV)")
	pg := flag.String("postgres", os.Getenv("FACES_TEST_POSTGRES"), "a PostgreSQL server's `URL` (default FACES_TEST_POSTGRES); none: SQLite only")
	flag.Parse()
	if *file == "" {
		log.Fatal("importbench needs -file (go run ./gencontacts -people N > FILE)")
	}
	dir, err := os.MkdirTemp("", "importbench-")
	check(err)
	defer os.RemoveAll(dir)
	bin, err := org.BuildFaces(dir)
	check(err)
	st, err := os.Stat(*file)
	check(err)
	fmt.Printf("%s: %.1f MB\n\n| database | contacts | seconds | people/s | peak memory |\n|---|---:|---:|---:|---:|\n", filepath.Base(*file), float64(st.Size())/1e6)
	targets := []struct{ name, dsn string }{{"SQLite", filepath.Join(dir, "faces.db")}}
	if *pg != "" {
		dsn, drop := freshSchema(*pg)
		defer drop()
		targets = append(targets, struct{ name, dsn string }{"PostgreSQL", dsn})
	}
	for _, t := range targets {
		cmd := exec.Command(bin, "import", "--progress", "never", "--db", t.dsn, *file)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, os.Stderr
		start := time.Now()
		check(cmd.Run())
		took := time.Since(start)
		read := 0
		if m := regexp.MustCompile(`(\d+) contacts read`).FindStringSubmatch(out.String()); m != nil {
			read, _ = strconv.Atoi(m[1])
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // kilobytes on Linux
		fmt.Printf("| %s | %d | %.1f | %.0f | %.0f MB |\n", t.name, read, took.Seconds(), float64(read)/took.Seconds(), float64(rss)/1024)
	}
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// freshSchema makes a schema of its own for a run.
func freshSchema(server string) (string, func()) {
	dsn, drop, err := org.FreshSchema(server, "importbench")
	check(err)
	return dsn, drop
}
