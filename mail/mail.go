// Package mail sends Faces' e-mail (the daily digest of moves) through an
// SMTP server, with the standard library's client: STARTTLS when the
// server offers it, PLAIN authentication when a user is given (which the
// client allows only over TLS or to localhost).
package mail

import (
	"bytes"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/smtp"
	"strings"
	"time"
)

// Sender is an SMTP server to send through, and the address mail comes
// from.
type Sender struct {
	Addr     string // host:port
	From     string
	User     string
	Password string
}

// Configured tells whether there is a server to send through.
func (s *Sender) Configured() bool { return s != nil && s.Addr != "" && s.From != "" }

// Send sends a plain-text message to one address.
func (s *Sender) Send(to, subject, body string) error {
	if _, err := mail.ParseAddress(to); err != nil {
		return fmt.Errorf("mail to %q: %w", to, err)
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("mail from %q: %w", s.From, err)
	}
	var msg bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&msg, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", to)
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", time.Now().Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	msg.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&msg)
	qp.Write([]byte(strings.ReplaceAll(body, "\n", "\r\n")))
	qp.Close()
	var auth smtp.Auth
	if s.User != "" {
		host, _, _ := strings.Cut(s.Addr, ":")
		auth = smtp.PlainAuth("", s.User, s.Password, host)
	}
	return smtp.SendMail(s.Addr, auth, from.Address, []string{to}, msg.Bytes())
}
