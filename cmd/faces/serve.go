package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/demo"
	"github.com/faces-org/faces/mail"
	"github.com/faces-org/faces/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("faces serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defAddr := os.Getenv("FACES_ADDR")
	if defAddr == "" {
		defAddr = ":8080"
	}
	addr := fs.String("addr", defAddr, "the `address` to listen on (env FACES_ADDR)")
	dsn := dbFlag(fs)
	secure := fs.Bool("secure-cookies", false, "mark the session cookie Secure (when served over HTTPS)")
	withDemo := fs.Bool("demo", false, "fill an empty database with sample customers first")
	idle := fs.Duration("session-idle", envDuration("FACES_SESSION_IDLE", 12*time.Hour), "end a session unused this `long` (env FACES_SESSION_IDLE)")
	lifetime := fs.Duration("session-lifetime", envDuration("FACES_SESSION_LIFETIME", 14*24*time.Hour), "end a session this `long` after sign-in (env FACES_SESSION_LIFETIME)")
	sweepHour := fs.Int("sweep-hour", envInt("FACES_SWEEP_HOUR", 3), "on PostgreSQL, the `hour` (0–23, server time) at which erased values are swept out of the database's files (env FACES_SWEEP_HOUR)")
	smtpAddr := fs.String("smtp", os.Getenv("FACES_SMTP"), "the SMTP server (`host:port`) for the daily digest of moves; none: no e-mail (env FACES_SMTP)")
	smtpFrom := fs.String("smtp-from", os.Getenv("FACES_SMTP_FROM"), "the `address` e-mail comes from (env FACES_SMTP_FROM)")
	smtpUser := fs.String("smtp-user", os.Getenv("FACES_SMTP_USER"), "the SMTP `user`, if the server asks; the password is read from FACES_SMTP_PASSWORD (env FACES_SMTP_USER)")
	digestHour := fs.Int("digest-hour", envInt("FACES_DIGEST_HOUR", 7), "the `hour` (0–23, server time) at which the daily digest goes out (env FACES_DIGEST_HOUR)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *digestHour < 0 || *digestHour > 23 {
		fmt.Fprintln(stderr, "faces serve: --digest-hour is an hour of the day, 0 to 23")
		return 2
	}
	if (*smtpAddr == "") != (*smtpFrom == "") {
		fmt.Fprintln(stderr, "faces serve: --smtp and --smtp-from go together")
		return 2
	}
	if *sweepHour < 0 || *sweepHour > 23 {
		fmt.Fprintln(stderr, "faces serve: --sweep-hour is an hour of the day, 0 to 23")
		return 2
	}
	if *idle <= 0 || *lifetime <= 0 {
		fmt.Fprintln(stderr, "faces serve: --session-idle and --session-lifetime must be positive")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	db, err := openDB(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "faces serve: opening %s: %v\n", *dsn, err)
		return 1
	}
	defer db.Close()
	if *withDemo {
		if err := demo.FillAtomically(ctx, db); err != nil {
			fmt.Fprintf(stdout, "Demo data not added: %s\n", faces.ErrorMessage(err))
		} else {
			fmt.Fprintln(stdout, "Filled the database with a sample organization.")
		}
	}

	srv := web.NewServer(db, log)
	srv.SecureCookies = *secure
	srv.SessionIdle, srv.SessionLifetime = *idle, *lifetime
	srv.SweepHour, srv.DigestHour = *sweepHour, *digestHour
	if *smtpAddr != "" {
		srv.Mail = &mail.Sender{Addr: *smtpAddr, From: *smtpFrom, User: *smtpUser, Password: os.Getenv("FACES_SMTP_PASSWORD")}
	}
	if err := srv.Listen(*addr); err != nil {
		fmt.Fprintf(stderr, "faces serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Faces is running at %s (database: %s)\n", displayURL(srv.Addr()), *dsn)
	if n, err := db.CountUsers(ctx); err == nil && n == 0 {
		fmt.Fprintf(stdout, "There are no accounts yet. Create the first administrator with:\n  faces user add --admin --db %s you@example.com\n", *dsn)
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
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}
	return 0
}

// displayURL turns a listening address into a URL a person can open.
func displayURL(addr string) string {
	if strings.HasPrefix(addr, "[::]:") || strings.HasPrefix(addr, "0.0.0.0:") {
		addr = "localhost" + addr[strings.LastIndex(addr, ":"):]
	}
	return "http://" + addr
}

// envDuration reads a duration ("12h", "30m") from the environment, or
// gives def.
func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}
