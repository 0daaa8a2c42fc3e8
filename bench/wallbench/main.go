// Command wallbench measures what screens ask of Faces — their manifest
// (fresh, and unchanged: 304 by ETag) and a photo in it — against a
// minimal Go static-file server serving the very same bytes, side by side
// on the same machine. Load comes from wrk (Debian's package) in its own
// process; Faces and the static server each run in theirs.
//
//	cd bench && go run ./wallbench -clients 32 -duration 10s
//
// It fills a fresh SQLite database with the demo organization through the
// faces command (demo, screen add), prints a Markdown table with requests
// per second, p50 and p99, and each ratio to the static server. Timing is
// reported, never asserted.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces/bench/internal/org"
)

func main() {
	clients := flag.Int("clients", 32, "concurrent connections (wrk -c)")
	threads := flag.Int("threads", 2, "wrk threads (wrk -t)")
	duration := flag.String("duration", "10s", "how long each URL is loaded (wrk -d)")
	faces := flag.Int("faces", 3, "faces at once on the benchmark screen")
	static := flag.String("serve-static", "", "serve this folder on -addr and do nothing else (the baseline server)")
	addr := flag.String("addr", "127.0.0.1:0", "with -serve-static: where to listen")
	flag.Parse()
	if *static != "" {
		serveStatic(*static, *addr)
		return
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		log.Fatal("wallbench needs wrk (apt-get install wrk)")
	}
	dir, err := os.MkdirTemp("", "wallbench-")
	check(err)
	defer os.RemoveAll(dir)
	bin, err := org.BuildFaces(dir)
	check(err)
	db := filepath.Join(dir, "faces.db")
	run(bin, "demo", "--db", db)
	out := run(bin, "screen", "add", "--db", db, "--faces", strconv.Itoa(*faces), "Bench lobby")
	words := strings.Fields(out)
	token := words[len(words)-1]

	base, srv, err := org.Serve(bin, db)
	check(err)
	defer srv.Process.Kill()

	// What a screen fetches: the manifest, then a photo in it.
	manifest, etag := fetch(base+"/screen/manifest", token, "")
	var doc struct {
		Cards []struct {
			Photo string `json:"photo"`
		} `json:"cards"`
	}
	check(json.Unmarshal(manifest, &doc))
	photoURL := ""
	for _, c := range doc.Cards {
		if c.Photo != "" {
			photoURL = c.Photo
			break
		}
	}
	if photoURL == "" {
		log.Fatal("the demo wall has no photo")
	}
	photo, _ := fetch(base+photoURL, token, "")

	// The baseline: the same bytes from a bare Go file server, in its own
	// process.
	files := filepath.Join(dir, "static")
	check(os.MkdirAll(files, 0o755))
	check(os.WriteFile(filepath.Join(files, "manifest.json"), manifest, 0o644))
	check(os.WriteFile(filepath.Join(files, "photo.jpg"), photo, 0o644))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	staticAddr := ln.Addr().String()
	ln.Close()
	self, err := os.Executable()
	check(err)
	baseline := exec.Command(self, "-serve-static", files, "-addr", staticAddr)
	baseline.Stderr = os.Stderr
	check(baseline.Start())
	defer baseline.Process.Kill()
	waitUp("http://" + staticAddr + "/manifest.json")

	type row struct {
		what, faces, static string
		header              []string
	}
	auth := "Authorization: Bearer " + token
	rows := []row{
		{"manifest (200, " + strconv.Itoa(len(manifest)) + " B)", base + "/screen/manifest", "http://" + staticAddr + "/manifest.json", []string{auth}},
		{"manifest unchanged (304 by ETag)", base + "/screen/manifest", "http://" + staticAddr + "/manifest.json", []string{auth, "If-None-Match: " + etag}},
		{"photo (" + strconv.Itoa(len(photo)/1024) + " KB)", base + photoURL, "http://" + staticAddr + "/photo.jpg", []string{auth}},
	}
	fmt.Printf("wrk -t%d -c%d -d%s; Faces on SQLite (the demo organization), screen with %d faces at once; baseline: http.FileServer in its own process.\n\n",
		*threads, *clients, *duration, *faces)
	fmt.Println("| what a screen fetches | Faces req/s | p50 | p99 | static req/s | p50 | p99 | Faces / static |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	for i, r := range rows {
		f := load(r.faces, *threads, *clients, *duration, r.header)
		// The 304 row is compared with the static server's plain answer.
		s := load(r.static, *threads, *clients, *duration, nil)
		if f.non2xx > 0 && i != 1 {
			log.Printf("%s: %d non-2xx answers", r.what, f.non2xx)
		}
		fmt.Printf("| %s | %.0f | %s | %s | %.0f | %s | %s | %.2f |\n", r.what, f.rps, f.p50, f.p99, s.rps, s.p50, s.p99, f.rps/s.rps)
	}
}

// serveStatic is the baseline: the standard library's file server.
func serveStatic(dir, addr string) {
	log.Fatal(http.ListenAndServe(addr, http.FileServer(http.Dir(dir))))
}

type result struct {
	rps      float64
	p50, p99 string
	non2xx   int
}

// load runs wrk on the URL and reads its figures.
func load(url string, threads, clients int, duration string, headers []string) result {
	args := []string{"-t" + strconv.Itoa(threads), "-c" + strconv.Itoa(clients), "-d" + duration, "--latency"}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	out, err := exec.Command("wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		log.Fatalf("wrk %s: %v\n%s", url, err, out)
	}
	text := string(out)
	var r result
	if m := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`).FindStringSubmatch(text); m != nil {
		r.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	if m := regexp.MustCompile(`\s50%\s+(\S+)`).FindStringSubmatch(text); m != nil {
		r.p50 = m[1]
	}
	if m := regexp.MustCompile(`\s99%\s+(\S+)`).FindStringSubmatch(text); m != nil {
		r.p99 = m[1]
	}
	if m := regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`).FindStringSubmatch(text); m != nil {
		r.non2xx, _ = strconv.Atoi(m[1])
	}
	return r
}

// fetch GETs a URL as the screen and returns the body and ETag.
func fetch(url, token, etag string) ([]byte, string) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	check(err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	check(err)
	if resp.StatusCode != http.StatusOK {
		log.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return b, resp.Header.Get("ETag")
}

func waitUp(url string) {
	for range 100 {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	log.Fatalf("%s did not come up", url)
}

// run runs the faces command and returns its standard output.
func run(bin string, args ...string) string {
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
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
