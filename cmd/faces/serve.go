package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/demo"
	"github.com/faces-org/faces/mail"
	"github.com/faces-org/faces/web"
)

const serveUsage = `Usage: faces serve [flags]

Runs the web application. Every flag can also be set by the environment
variable named after it (FACES_ and the flag's name in capitals, dashes as
underscores); a flag on the command line wins. It stops on SIGTERM or
Ctrl-C: new connections are refused, requests in flight finish (within
--shutdown-timeout) and the database is closed.

Flags:
`

// serveConfig is what the flags of faces serve set.
type serveConfig struct {
	addr, dsn                    string
	demo, secureCookies          bool
	allowInternalPhotos          bool
	idle, lifetime               time.Duration
	sweepHour, digestHour        int
	smtpAddr, smtpFrom, smtpUser string
	tlsCert, tlsKey              string
	trustedProxies               string
	metricsAddr, metricsToken    string
	shutdownTimeout              time.Duration
	logFormat                    string
	requestsAtOnce               int
}

func serveFlags(stderr io.Writer) (*flag.FlagSet, *serveConfig) {
	fs := flag.NewFlagSet("faces serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage); fs.PrintDefaults() }
	c := &serveConfig{}
	fs.StringVar(&c.addr, "addr", ":8080", "the `address` to listen on")
	fs.StringVar(&c.dsn, "db", "faces.db", "the database: an SQLite `file`, or a postgres:// URL")
	fs.BoolVar(&c.secureCookies, "secure-cookies", false, "mark cookies Secure even on plain HTTP (behind a proxy that serves HTTPS but is not in --trusted-proxies)")
	fs.BoolVar(&c.demo, "demo", false, "fill an empty database with sample customers first")
	fs.DurationVar(&c.idle, "session-idle", 12*time.Hour, "end a session unused this `long`")
	fs.DurationVar(&c.lifetime, "session-lifetime", 14*24*time.Hour, "end a session this `long` after sign-in")
	fs.IntVar(&c.sweepHour, "sweep-hour", 3, "on PostgreSQL, the `hour` (0–23, server time) at which erased values are swept out of the database's files")
	fs.StringVar(&c.smtpAddr, "smtp", "", "the SMTP server (`host:port`) for the daily digest of moves; none: no e-mail")
	fs.StringVar(&c.smtpFrom, "smtp-from", "", "the `address` e-mail comes from")
	fs.StringVar(&c.smtpUser, "smtp-user", "", "the SMTP `user`, if the server asks; the password is read from FACES_SMTP_PASSWORD")
	fs.IntVar(&c.digestHour, "digest-hour", 7, "the `hour` (0–23, server time) at which the daily digest goes out")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "serve HTTPS with the certificate (chain) in this PEM `file`; cookies are then Secure")
	fs.StringVar(&c.tlsKey, "tls-key", "", "the private key of --tls-cert, a PEM `file`")
	fs.StringVar(&c.trustedProxies, "trusted-proxies", "", "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: comma-separated `addresses or networks` (10.0.0.0/8); none by default")
	fs.StringVar(&c.metricsAddr, "metrics-addr", "", "serve /metrics (Prometheus) on this separate `address` only, e.g. 127.0.0.1:9090")
	fs.StringVar(&c.metricsToken, "metrics-token", "", "serve /metrics on the main address to requests bearing this `token`; prefer the environment variable, which ps does not show")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 20*time.Second, "on SIGTERM, wait this `long` for requests in flight to finish")
	fs.BoolVar(&c.allowInternalPhotos, "allow-internal-photos", false, "let imported vCards' photos be fetched from loopback, link-local and private addresses (an intranet's directory)")
	fs.StringVar(&c.logFormat, "log-format", "text", "the log's `format`: text or json")
	fs.IntVar(&c.requestsAtOnce, "requests-at-once", 0, "work on at most this `many` requests at once, the others waiting their turn in the order they came; 0: two per core (with PostgreSQL on a server of its own, more may serve better)")
	return fs, c
}

func (c *serveConfig) check() error {
	switch {
	case c.digestHour < 0 || c.digestHour > 23:
		return errors.New("--digest-hour is an hour of the day, 0 to 23")
	case c.sweepHour < 0 || c.sweepHour > 23:
		return errors.New("--sweep-hour is an hour of the day, 0 to 23")
	case (c.smtpAddr == "") != (c.smtpFrom == ""):
		return errors.New("--smtp and --smtp-from go together")
	case c.idle <= 0 || c.lifetime <= 0:
		return errors.New("--session-idle and --session-lifetime must be positive")
	case (c.tlsCert == "") != (c.tlsKey == ""):
		return errors.New("--tls-cert and --tls-key go together")
	case c.shutdownTimeout <= 0:
		return errors.New("--shutdown-timeout must be positive")
	case c.logFormat != "text" && c.logFormat != "json":
		return errors.New("--log-format is text or json")
	case c.requestsAtOnce < 0:
		return errors.New("--requests-at-once must be 0 (two per core) or more")
	}
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	collectLessOften()
	fs, c := serveFlags(stderr)
	if err := fromEnv(fs); err != nil {
		fmt.Fprintf(stderr, "faces serve: %v\n", err)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := c.check(); err != nil {
		fmt.Fprintf(stderr, "faces serve: %v\n", err)
		return 2
	}
	proxies, err := web.ParseProxies(c.trustedProxies)
	if err != nil {
		fmt.Fprintf(stderr, "faces serve: --trusted-proxies: %v\n", err)
		return 2
	}
	var log *slog.Logger
	if c.logFormat == "json" {
		log = slog.New(slog.NewJSONHandler(stderr, nil))
	} else {
		log = slog.New(slog.NewTextHandler(stderr, nil))
	}
	db, err := openDB(ctx, c.dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces serve: opening %s: %v\n", redactDSN(c.dsn), err)
		return 1
	}
	defer db.Close()
	if c.demo {
		if err := demo.FillAtomically(ctx, db); err != nil {
			fmt.Fprintf(stdout, "Demo data not added: %s\n", faces.ErrorMessage(err))
		} else {
			fmt.Fprintln(stdout, "Filled the database with a sample organization.")
		}
	}

	srv := web.NewServer(db, log)
	srv.SecureCookies = c.secureCookies
	srv.AllowInternalPhotos = c.allowInternalPhotos
	srv.SessionIdle, srv.SessionLifetime = c.idle, c.lifetime
	srv.SweepHour, srv.DigestHour = c.sweepHour, c.digestHour
	srv.TrustedProxies, srv.MetricsToken = proxies, c.metricsToken
	if c.requestsAtOnce > 0 {
		srv.SetRequestsAtOnce(c.requestsAtOnce)
	}
	if c.smtpAddr != "" {
		srv.Mail = &mail.Sender{Addr: c.smtpAddr, From: c.smtpFrom, User: c.smtpUser, Password: os.Getenv("FACES_SMTP_PASSWORD")}
	}
	scheme := "http"
	if c.tlsCert != "" {
		if err := srv.UseTLS(c.tlsCert, c.tlsKey); err != nil {
			fmt.Fprintf(stderr, "faces serve: --tls-cert/--tls-key: %v\n", err)
			return 1
		}
		scheme = "https"
	}
	if err := srv.Listen(c.addr); err != nil {
		fmt.Fprintf(stderr, "faces serve: %v\n", err)
		return 1
	}
	var metricsServer *http.Server
	if c.metricsAddr != "" {
		ln, err := net.Listen("tcp", c.metricsAddr)
		if err != nil {
			fmt.Fprintf(stderr, "faces serve: --metrics-addr: %v\n", err)
			return 1
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", srv.MetricsHandler())
		metricsServer = &http.Server{Addr: ln.Addr().String(), Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go metricsServer.Serve(ln)
	}
	fmt.Fprintf(stdout, "Faces %s is running at %s (database: %s)\n", faces.Build().Version, displayURL(scheme, srv.Addr()), redactDSN(c.dsn))
	if metricsServer != nil {
		fmt.Fprintf(stdout, "Its metrics are at http://%s/metrics\n", metricsServer.Addr)
	}
	if n, err := db.CountUsers(ctx); err == nil && n == 0 {
		fmt.Fprintf(stdout, "There are no accounts yet. Create the first administrator with:\n  faces user add --admin --db %s you@example.com\n", redactDSN(c.dsn))
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve() }()
	select {
	case err := <-errc:
		if err != nil {
			fmt.Fprintf(stderr, "faces serve: %v\n", err)
			return 1
		}
	case <-ctx.Done():
		log.Info("shutting down: finishing the requests in flight", "within", c.shutdownTimeout.String())
		shutdown, cancel := context.WithTimeout(context.Background(), c.shutdownTimeout)
		defer cancel()
		if metricsServer != nil {
			metricsServer.Shutdown(shutdown)
		}
		if err := srv.Shutdown(shutdown); err != nil {
			log.Error("shutdown: requests still running were cut off", "err", err)
			return 1
		}
		log.Info("stopped")
	}
	return 0
}

// displayURL turns a listening address into a URL a person can open.
func displayURL(scheme, addr string) string {
	if strings.HasPrefix(addr, "[::]:") || strings.HasPrefix(addr, "0.0.0.0:") {
		addr = "localhost" + addr[strings.LastIndex(addr, ":"):]
	}
	return scheme + "://" + addr
}

// redactDSN hides a password in a postgres:// URL before it is printed.
func redactDSN(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if user, _, ok := strings.Cut(userinfo, ":"); ok {
		return dsn[:scheme+3] + user + ":xxxxx" + dsn[at:]
	}
	return dsn
}

// serveGCPercent is how far the heap grows past what is live before Go's
// garbage collector runs, for the server: four times rather than once.
// Under 32 clients at 100,000 people the pages answered 10–35 % more
// requests a second for about 50 MB more memory (BENCHMARKS.md).
const serveGCPercent = 400

// collectLessOften sets serveGCPercent, unless GOGC says otherwise.
func collectLessOften() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}
