package remind

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/config"
)

// SMTP sends reminders through a mail server with net/smtp.
type SMTP struct {
	Config   config.SMTP
	Password string           // read from Config.PasswordFile by the caller
	Now      func() time.Time // for the Date header; time.Now when nil
	Timeout  time.Duration    // for the whole conversation; 30 s when zero
	// TLSConfig overrides the TLS settings (tests); nil: verify Config.Host.
	TLSConfig *tls.Config
}

var _ Sender = (*SMTP)(nil)

// Send delivers one reminder.
func (s *SMTP) Send(ctx context.Context, r Reminder) error {
	if err := s.send(ctx, r); err != nil {
		return apperr.Wrap(apperr.Unavailable, fmt.Sprintf("Påminnelsen till %s kunde inte skickas via e-postservern %s; den skickas vid nästa försök.", r.To, s.Config.Host), "remind.SMTP.Send", err)
	}
	return nil
}

func (s *SMTP) send(ctx context.Context, r Reminder) error {
	from, err := mail.ParseAddress(s.Config.From)
	if err != nil {
		return err
	}
	to, err := mail.ParseAddress(r.To)
	if err != nil {
		return err
	}
	msg, err := s.message(from, to, r)
	if err != nil {
		return err
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(s.Config.Host, strconv.Itoa(s.Config.Port))
	tc := s.TLSConfig
	if tc == nil {
		tc = &tls.Config{ServerName: s.Config.Host, MinVersion: tls.VersionTLS12}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	if s.Config.TLS == "tls" {
		conn = tls.Client(conn, tc)
	}
	c, err := smtp.NewClient(conn, s.Config.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if s.Config.TLS == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("server %s offers no STARTTLS", addr)
		}
		if err := c.StartTLS(tc); err != nil {
			return err
		}
	}
	if s.Config.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Config.Username, s.Password, s.Config.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to.Address); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// message is the reminder as an RFC 5322 message: UTF-8 text, quoted-printable,
// with an encoded subject.
func (s *SMTP) message(from, to *mail.Address, r Reminder) ([]byte, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	domain := "handlingsplan.invalid"
	if at := strings.LastIndexByte(from.Address, '@'); at >= 0 {
		domain = from.Address[at+1:]
	}
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from.String())
	hdr("To", to.String())
	hdr("Subject", mime.QEncoding.Encode("utf-8", r.Subject()))
	hdr("Date", now().Format(time.RFC1123Z))
	hdr("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=utf-8")
	hdr("Content-Transfer-Encoding", "quoted-printable")
	hdr("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(r.Body(), "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
