// Package org holds what the benchmarks share: the words a generated
// organization is made of, and building the faces binary to serve it.
package org

import (
	"bufio"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Titles, Tags and Words make people's titles, tags and notes.
var (
	Titles = []string{"Operations Manager", "Plant Engineer", "CFO", "VP Engineering", "Head of Data", "Product Manager",
		"Facilities Manager", "Buyer", "Quality Lead", "Software Engineer", "CEO", "Line Supervisor", "Analyst", "Nurse Manager"}
	Tags  = []string{"champion", "decision maker", "user", "blocker", "influencer", "economic buyer", "at risk", "advisory council"}
	Words = []string{"night", "shift", "dashboards", "renewal", "warehouse", "audit", "pilot", "rollout", "training", "budget"}
)

// ReadLines reads a lexicon file's words (the lens's first and last names).
func ReadLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	return strings.Fields(string(b)), err
}

// BuildFaces builds ../cmd/faces into dir, in Faces' own module (not the
// benchmarks'), and returns the binary's path.
func BuildFaces(dir string) (string, error) {
	bin := filepath.Join(dir, "faces")
	build := exec.Command("go", "build", "-o", bin, "./cmd/faces")
	build.Dir = ".."
	build.Stderr = os.Stderr
	return bin, build.Run()
}

// MS is a duration in milliseconds.
func MS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Serve starts `faces serve` on the database (an SQLite file or a
// postgres:// URL) and returns its URL and the running command, which the
// caller stops.
func Serve(bin, target string) (string, *exec.Cmd, error) {
	return ServeLogging(bin, target, io.Discard)
}

// ServeLogging is Serve with the server's log (its access log and errors)
// written to log.
func ServeLogging(bin, target string, log io.Writer) (string, *exec.Cmd, error) {
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", target)
	out, err := srv.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	srv.Stderr = log
	if err := srv.Start(); err != nil {
		return "", nil, err
	}
	go func() { srv.Wait() }()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if url := regexp.MustCompile(`http://[0-9.:]+`).FindString(sc.Text()); url != "" {
			go io.Copy(io.Discard, out)
			return url, srv, nil
		}
	}
	srv.Process.Kill()
	return "", nil, errors.New("faces serve did not start")
}

// FreshSchema makes an empty schema on a PostgreSQL server and returns a
// URL that uses it, and a function that drops it.
func FreshSchema(server, prefix string) (string, func(), error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("%s_%d", prefix, rand.Uint32())
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		return "", nil, err
	}
	u, err := url.Parse(server)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	}, nil
}
