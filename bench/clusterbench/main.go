// Command clusterbench measures a mixed load of reads and writes through
// the API — people created, stories rewritten, people read, listed and
// searched — on the three ways Faces runs, side by side in one run: one
// server on SQLite, one server on PostgreSQL, and two servers on one
// PostgreSQL. Load comes from wrk (Debian's package) with a Lua script;
// for two servers, two wrk processes share the clients between them.
//
//	cd bench && go run ./clusterbench -clients 32 -duration 10s -postgres postgres://…
//
// Each run starts from a fresh database filled with -people people
// through the API. It prints a Markdown table: requests per second, p50
// and p99 (for two servers, the rates summed and the worse percentile),
// and answers that were not 2xx. Timing is reported, never asserted.
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/faces-org/faces/bench/internal/org"
)

//go:embed mixed.lua
var script []byte

func main() {
	clients := flag.Int("clients", 32, "concurrent connections in all (wrk -c)")
	threads := flag.Int("threads", 2, "wrk threads per wrk process (wrk -t)")
	duration := flag.String("duration", "10s", "how long each setup is loaded (wrk -d)")
	people := flag.Int("people", 2000, "people created before the load")
	pg := flag.String("postgres", os.Getenv("FACES_TEST_POSTGRES"), "a PostgreSQL server's `URL`; each run uses a schema of its own (default: FACES_TEST_POSTGRES)")
	flag.Parse()
	if _, err := exec.LookPath("wrk"); err != nil {
		log.Fatal("clusterbench needs wrk (apt-get install wrk)")
	}
	dir, err := os.MkdirTemp("", "clusterbench-")
	check(err)
	defer os.RemoveAll(dir)
	bin, err := org.BuildFaces(dir)
	check(err)
	luaFile := filepath.Join(dir, "mixed.lua")
	check(os.WriteFile(luaFile, script, 0o644))

	type setup struct {
		name    string
		db      func() (string, func())
		servers int
	}
	setups := []setup{{"SQLite, one server", func() (string, func()) { return filepath.Join(dir, "faces.db"), func() {} }, 1}}
	if *pg != "" {
		setups = append(setups,
			setup{"PostgreSQL, one server", func() (string, func()) { return freshSchema(*pg) }, 1},
			setup{"PostgreSQL, two servers", func() (string, func()) { return freshSchema(*pg) }, 2})
	} else {
		fmt.Fprintln(os.Stderr, "no -postgres (or FACES_TEST_POSTGRES): SQLite only")
	}
	fmt.Printf("wrk -c%d in all, -d%s, %d people to start; per 10 requests: 2 creates, 1 story rewrite, 3 person reads, 2 list pages, 2 searches.\n\n", *clients, *duration, *people)
	fmt.Println("| setup | requests/s | p50 | p99 | non-2xx |")
	fmt.Println("|---|---:|---:|---:|---:|")
	for _, s := range setups {
		target, drop := s.db()
		run(bin, "user", "add", "--admin", "--db", target, "bench@faces.example")
		token := strings.TrimSpace(run(bin, "token", "add", "--db", target, "bench@faces.example"))
		var urls []string
		var cmds []*exec.Cmd
		logs := &errorLog{}
		for range s.servers {
			u, cmd, err := org.ServeLogging(bin, target, logs)
			check(err)
			urls, cmds = append(urls, u), append(cmds, cmd)
		}
		fill(urls[0], token, *people)
		results := make([]result, len(urls))
		var wg sync.WaitGroup
		for i, u := range urls {
			wg.Go(func() {
				results[i] = load(u, luaFile, *threads, *clients/len(urls), *duration, token, *people, fmt.Sprintf("%s-%d", strings.Fields(s.name)[0], i))
			})
		}
		wg.Wait()
		total := results[0]
		for _, r := range results[1:] {
			total.rps += r.rps
			total.non2xx += r.non2xx
			total.p50 = max(total.p50, r.p50)
			total.p99 = max(total.p99, r.p99)
		}
		fmt.Printf("| %s | %.0f | %.1f ms | %.1f ms | %d |\n", s.name, total.rps, total.p50, total.p99, total.non2xx)
		for _, c := range cmds {
			c.Process.Kill()
		}
		logs.report(s.name)
		drop()
	}
}

// errorLog keeps the error lines the servers log, to show what the
// answers that were not 2xx were.
type errorLog struct {
	mu    sync.Mutex
	lines map[string]int
}

func (l *errorLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range strings.Split(string(p), "\n") {
		if strings.Contains(line, "level=ERROR") {
			if l.lines == nil {
				l.lines = map[string]int{}
			}
			// Without the time and the path's id, alike errors count as one.
			key := regexp.MustCompile(`time=\S+ |/\d+`).ReplaceAllString(line, "")
			l.lines[key]++
		}
	}
	return len(p), nil
}

func (l *errorLog) report(setup string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for line, n := range l.lines {
		fmt.Fprintf(os.Stderr, "%s: %d× %s\n", setup, n, line)
	}
}

// fill creates a company and the people through the API, eight at a time.
func fill(base, token string, people int) {
	post := func(path string, body any) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		check(err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			log.Fatalf("POST %s: %d", path, resp.StatusCode)
		}
	}
	post("/api/v1/companies", map[string]any{"name": "Acme"})
	surnames := []string{"Okafor", "Nguyen", "Garcia", "Smith", "Kowalski", "Haddad", "Tanaka", "Silva"}
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range next {
				post("/api/v1/people", map[string]any{"name": fmt.Sprintf("Person %d %s", i, surnames[i%len(surnames)]),
					"company_id": 1, "title": org.Titles[i%len(org.Titles)], "tags": []string{org.Tags[i%len(org.Tags)]},
					"notes": "Talks about the " + org.Words[i%len(org.Words)] + " " + org.Words[(i/7)%len(org.Words)] + "."})
			}
		})
	}
	for i := range people {
		next <- i
	}
	close(next)
	wg.Wait()
}

type result struct {
	rps, p50, p99 float64 // per second, milliseconds
	non2xx        int
}

// load runs wrk with the script against one server and reads its figures.
func load(base, lua string, threads, clients int, duration, token string, people int, prefix string) result {
	args := []string{"-t" + strconv.Itoa(min(threads, clients)), "-c" + strconv.Itoa(clients), "-d" + duration, "--latency", "-s", lua, base, "--", token, strconv.Itoa(people), prefix}
	out, err := exec.Command("wrk", args...).CombinedOutput()
	if err != nil {
		log.Fatalf("wrk %s: %v\n%s", base, err, out)
	}
	text := string(out)
	var r result
	if m := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`).FindStringSubmatch(text); m != nil {
		r.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	r.p50 = millis(regexp.MustCompile(`\s50%\s+(\S+)`).FindStringSubmatch(text))
	r.p99 = millis(regexp.MustCompile(`\s99%\s+(\S+)`).FindStringSubmatch(text))
	if m := regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`).FindStringSubmatch(text); m != nil {
		r.non2xx, _ = strconv.Atoi(m[1])
	}
	return r
}

// millis reads wrk's "1.23ms", "456.78us" or "1.20s".
func millis(m []string) float64 {
	if m == nil {
		return 0
	}
	s := m[1]
	for _, u := range []struct {
		suffix string
		factor float64
	}{{"us", 0.001}, {"ms", 1}, {"s", 1000}, {"m", 60000}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f * u.factor
		}
	}
	return 0
}

// run runs the faces command and returns its standard output.
func run(bin string, args ...string) string {
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	cmd.Stdin = strings.NewReader("correct horse battery\n")
	if err := cmd.Run(); err != nil {
		log.Fatalf("faces %s: %v", strings.Join(args, " "), err)
	}
	return out.String()
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// freshSchema makes a schema of its own for a run.
func freshSchema(server string) (string, func()) {
	dsn, drop, err := org.FreshSchema(server, "clusterbench")
	check(err)
	return dsn, drop
}
