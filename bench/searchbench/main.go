// Command searchbench measures Faces' search on SQLite at scale: it
// generates an organization of N people (names from the lens's lexicons,
// titles, companies, tags), starts the real `faces serve` on it, signs in,
// sends search requests over HTTP and reports the median and p99 latency
// and the server process's memory.
//
//	cd bench && go run ./searchbench -people 100000 -faces /tmp/faces
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/password"
	"github.com/faces-org/faces/sqlite"
	"github.com/faces-org/faces/sqlstore"

	"github.com/faces-org/faces/bench/internal/org"
)

func main() {
	people := flag.Int("people", 100000, "how many people to generate")
	facesBin := flag.String("faces", "", "the faces binary to serve with (built from ../cmd/faces when empty)")
	requests := flag.Int("requests", 2000, "search requests to time")
	lexicon := flag.String("lexicon", "../lens/lexicon", "folder with first_names.txt and last_names.txt")
	flag.Parse()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "searchbench-")
	check(err)
	defer os.RemoveAll(dir)

	first, last := readLines(filepath.Join(*lexicon, "first_names.txt")), readLines(filepath.Join(*lexicon, "last_names.txt"))
	path := filepath.Join(dir, "faces.db")
	start := time.Now()
	db, err := sqlite.Open(ctx, path)
	check(err)
	generate(ctx, db, *people, first, last)
	check(db.RebuildSearchIndex(ctx))
	u := &faces.User{Name: "Bench", Email: "bench@faces.example", Role: faces.RoleViewer, PasswordHash: password.Hash("benchmark password")}
	check(db.CreateUser(ctx, u))
	token, err := db.CreateSession(ctx, u.ID, time.Now().Add(time.Hour))
	check(err)
	db.Close()
	info, _ := os.Stat(path)
	fmt.Printf("generated %d people in %.1f s; database %d MB\n", *people, time.Since(start).Seconds(), info.Size()>>20)

	bin := *facesBin
	if bin == "" {
		bin, err = org.BuildFaces(dir)
		check(err)
	}
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", path)
	out, err := srv.StdoutPipe()
	check(err)
	check(srv.Start())
	defer srv.Process.Kill()
	url := ""
	sc := bufio.NewScanner(out)
	for url == "" && sc.Scan() {
		url = regexp.MustCompile(`http://[0-9.:]+`).FindString(sc.Text())
	}
	go func() {
		for sc.Scan() {
		}
	}()
	queries := makeQueries(first, last, *requests)
	client := &http.Client{}
	var lat []time.Duration
	for i, q := range queries {
		req, _ := http.NewRequest("GET", url+"/search?q="+strings.ReplaceAll(q, " ", "+"), nil)
		req.AddCookie(&http.Cookie{Name: "faces_session", Value: token})
		t0 := time.Now()
		resp, err := client.Do(req)
		check(err)
		var buf [32 << 10]byte
		for {
			if _, err := resp.Body.Read(buf[:]); err != nil {
				break
			}
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			log.Fatalf("request %d (%q): %d", i, q, resp.StatusCode)
		}
		if i >= 50 { // the first requests warm the caches
			lat = append(lat, time.Since(t0))
		}
	}
	slices.Sort(lat)
	rss, hwm := procMem(srv.Process.Pid)
	fmt.Printf("search over HTTP, %d requests: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
		len(lat), org.MS(lat[len(lat)/2]), org.MS(lat[len(lat)*99/100]), org.MS(lat[len(lat)-1]))
	fmt.Printf("server memory: RSS %d MB now, peak %d MB\n", rss>>10, hwm>>10)
}

// generate writes people, companies and current positions straight into
// the tables, in large transactions (the services, with their audit
// entries, would take hours for a million people).
func generate(ctx context.Context, db *sqlstore.DB, n int, first, last []string) {
	r := rand.New(rand.NewPCG(1, 2))
	sqlDB := db.SQL()
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z")
	companies := max(1, n/50)
	tx, err := sqlDB.BeginTx(ctx, nil)
	check(err)
	stmt, err := tx.Prepare(`INSERT INTO companies (id, name, locations, story, created_at, updated_at) VALUES ($1, $2, '["Leeds"]', '', $3, $3)`)
	check(err)
	for i := 1; i <= companies; i++ {
		_, err := stmt.Exec(i, fmt.Sprintf("%s %s %d", last[r.IntN(len(last))], []string{"Industries", "Foods", "Health", "Logistics", "Labs"}[i%5], i), now)
		check(err)
	}
	check(tx.Commit())
	for base := 0; base < n; base += 20000 {
		tx, err := sqlDB.BeginTx(ctx, nil)
		check(err)
		ps, err := tx.Prepare(`INSERT INTO people (id, name, tags, notes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`)
		check(err)
		pos, err := tx.Prepare(`INSERT INTO positions (person_id, company_id, title, from_day) VALUES ($1, $2, $3, '2024-01-01')`)
		check(err)
		for i := base + 1; i <= min(n, base+20000); i++ {
			name := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
			tag := `["` + org.Tags[r.IntN(len(org.Tags))] + `"]`
			note := org.Words[r.IntN(len(org.Words))] + " " + org.Words[r.IntN(len(org.Words))]
			_, err := ps.Exec(i, name, tag, note, now)
			check(err)
			_, err = pos.Exec(i, 1+r.IntN(companies), org.Titles[r.IntN(len(org.Titles))])
			check(err)
		}
		check(tx.Commit())
	}
}

// makeQueries mixes what staff type: a first name, a full name, a name
// prefix, a title word, a tag.
func makeQueries(first, last []string, n int) []string {
	r := rand.New(rand.NewPCG(3, 4))
	out := make([]string, n)
	for i := range out {
		f, l := first[r.IntN(len(first))], last[r.IntN(len(last))]
		switch i % 5 {
		case 0:
			out[i] = f
		case 1:
			out[i] = f + " " + l
		case 2:
			out[i] = f[:min(3, len(f))]
		case 3:
			out[i] = strings.Fields(org.Titles[r.IntN(len(org.Titles))])[0]
		default:
			out[i] = org.Tags[r.IntN(len(org.Tags))]
		}
	}
	return out
}

func readLines(path string) []string {
	lines, err := org.ReadLines(path)
	check(err)
	return lines
}

func procMem(pid int) (rss, hwm int) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v, _ := strconv.Atoi(fields[1])
		switch fields[0] {
		case "VmRSS:":
			rss = v
		case "VmHWM:":
			hwm = v
		}
	}
	return rss, hwm
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
