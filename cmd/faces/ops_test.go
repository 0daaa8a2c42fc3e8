package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// facesBinary builds the faces command once for the tests that run it as
// a process of its own (signals, several servers).
func facesBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "faces-bin")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "faces")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// process is a faces serve running as a process of its own.
type process struct {
	cmd    *exec.Cmd
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	exited chan struct{}
	code   int
}

// startServe starts `faces serve` with the arguments and waits until it
// says where it runs.
func startServe(t *testing.T, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(facesBinary(t), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	p := &process{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			fmt.Fprintln(p.stdout, sc.Text())
			if u := regexp.MustCompile(`https?://[0-9.:]+`).FindString(sc.Text()); u != "" && !sent {
				found <- u
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	go func() {
		cmd.Wait()
		p.code = cmd.ProcessState.ExitCode()
		close(p.exited)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); <-p.exited })
	select {
	case u, ok := <-found:
		if !ok {
			t.Fatalf("faces serve ended before serving: %s", p.stderr)
		}
		p.url = u
	case <-time.After(30 * time.Second):
		t.Fatalf("faces serve did not start: %s", p.stderr)
	}
	return p
}

// wait waits for the process to exit and returns its status.
func (p *process) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.code
	case <-time.After(within):
		t.Fatalf("the server did not exit within %s: %s", within, p.stderr)
		return -1
	}
}

// On SIGTERM, faces serve stops taking connections, finishes the request
// in flight, closes the database and exits 0.
func TestServeStopsGracefullyOnSIGTERM(t *testing.T) {
	db := filepath.Join(t.TempDir(), "faces.db")
	if code, _, errOut := runFaces(t, "correct horse battery\n", "user", "add", "--db", db, "ada@faces.example"); code != 0 {
		t.Fatal(errOut)
	}
	p := startServe(t, nil, "--db", db)
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "email=ada%40faces.example&password=correct+horse+battery"
	fmt.Fprintf(conn, "POST /signin HTTP/1.1\r\nHost: faces\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	time.Sleep(200 * time.Millisecond)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	select {
	case <-p.exited:
		t.Fatalf("exited with a request in flight: %s", p.stderr)
	default:
	}
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(p.url, "http://"), time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted after SIGTERM")
	}
	io.WriteString(conn, body[10:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the sign-in in flight: %d", resp.StatusCode)
	}
	if code := p.wait(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d: %s", code, p.stderr)
	}
	if !strings.Contains(p.stderr.String(), "stopped") {
		t.Errorf("no word of the stop in the log: %s", p.stderr)
	}
	// The database was closed cleanly: it opens, and the session is there.
	var out strings.Builder
	if code := run(context.Background(), []string{"screen", "list", "--db", db}, strings.NewReader(""), &out, io.Discard); code != 0 {
		t.Errorf("the database after the stop: %d", code)
	}
}

// writeCertificate writes a self-signed certificate for 127.0.0.1 and its
// key as PEM files, and returns a pool that trusts it.
func writeCertificate(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "faces test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// With a certificate, faces serve answers HTTPS (and only HTTPS), and the
// session cookie is Secure.
func TestServeHTTPS(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "faces.db")
	runFaces(t, "correct horse battery\n", "user", "add", "--db", db, "ada@faces.example")
	certFile, keyFile, pool := writeCertificate(t, dir)
	if code, _, errOut := runFaces(t, "", "serve", "--db", db, "--tls-cert", certFile); code != 2 || !strings.Contains(errOut, "go together") {
		t.Errorf("a certificate without its key: %d %q", code, errOut)
	}
	if code, _, errOut := runFaces(t, "", "serve", "--addr", "127.0.0.1:0", "--db", db, "--tls-cert", keyFile, "--tls-key", keyFile); code != 1 || !strings.Contains(errOut, "--tls-cert") {
		t.Errorf("a key given as the certificate: %d %q", code, errOut)
	}
	p := startServe(t, nil, "--db", db, "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(p.url, "https://") {
		t.Fatalf("serving at %s", p.url)
	}
	client := &http.Client{
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.PostForm(p.url+"/signin", url.Values{"email": {"ada@faces.example"}, "password": {"correct horse battery"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 || !resp.Cookies()[0].Secure {
		t.Errorf("sign-in over HTTPS: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	if resp, err := http.Get("http://" + strings.TrimPrefix(p.url, "https://") + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP answered on the HTTPS address")
		}
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

// Every flag of faces serve has its FACES_ variable; a flag on the command
// line wins, and a value that does not parse names its variable.
func TestServeConfigurationFromTheEnvironment(t *testing.T) {
	var help strings.Builder
	run(context.Background(), []string{"serve", "-h"}, strings.NewReader(""), io.Discard, &help)
	for _, name := range regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(help.String(), -1) {
		if !strings.Contains(help.String(), envName(name[1])) {
			t.Errorf("the help of --%s does not name %s", name[1], envName(name[1]))
		}
	}
	for _, want := range []string{"FACES_TLS_CERT", "FACES_TRUSTED_PROXIES", "FACES_METRICS_TOKEN", "FACES_SHUTDOWN_TIMEOUT", "FACES_DB"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("help lacks %s", want)
		}
	}

	dir := t.TempDir()
	db := filepath.Join(dir, "faces.db")
	t.Setenv("FACES_DB", db)
	t.Setenv("FACES_SESSION_IDLE", "soon")
	if code, _, errOut := runFaces(t, "", "serve"); code != 2 || !strings.Contains(errOut, "FACES_SESSION_IDLE") {
		t.Errorf("a bad FACES_SESSION_IDLE: %d %q", code, errOut)
	}
	t.Setenv("FACES_SESSION_IDLE", "1h")
	t.Setenv("FACES_TRUSTED_PROXIES", "10.0.0.0/33")
	if code, _, errOut := runFaces(t, "", "serve", "--addr", "127.0.0.1:0"); code != 2 || !strings.Contains(errOut, "trusted-proxies") {
		t.Errorf("a bad FACES_TRUSTED_PROXIES: %d %q", code, errOut)
	}
	t.Setenv("FACES_TRUSTED_PROXIES", "")
	// Metrics on their own address, set by the environment; the flag on
	// the command line wins over FACES_ADDR.
	p := startServe(t, []string{"FACES_METRICS_ADDR=127.0.0.1:0", "FACES_ADDR=127.0.0.1:1"})
	resp, err := http.Get(p.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the main address with no token: %d", resp.StatusCode)
	}
	var metricsURL string
	for deadline := time.Now().Add(5 * time.Second); metricsURL == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		metricsURL = regexp.MustCompile(`metrics are at (\S+)`).FindStringSubmatch(p.stdout.String() + " metrics are at none")[1]
		if metricsURL == "none" {
			metricsURL = ""
		}
	}
	resp, err = http.Get(metricsURL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "faces_build_info") {
		t.Errorf("metrics on their own address: %d", resp.StatusCode)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runFaces(t, "", "version")
	if code != 0 || !regexp.MustCompile(`^faces \S+ \(commit .+, go1\.\d+`).MatchString(out) {
		t.Errorf("version: %d %q", code, out)
	}
}
