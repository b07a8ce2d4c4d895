package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"handlingsplan"
	"handlingsplan/inbox"
	"handlingsplan/plan"
	"handlingsplan/store"
)

type inboxSMTP struct {
	mu  sync.Mutex
	rcp []string
}

type smtpSession struct {
	box *inboxSMTP
	to  string
}

func (s *smtpSession) Reset()                                      {}
func (s *smtpSession) Logout() error                               { return nil }
func (s *smtpSession) Mail(string, *gosmtp.MailOptions) error      { return nil }
func (s *smtpSession) Rcpt(to string, _ *gosmtp.RcptOptions) error { s.to = to; return nil }
func (s *smtpSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.box.mu.Lock()
	s.box.rcp = append(s.box.rcp, s.to)
	s.box.mu.Unlock()
	return nil
}

func (b *inboxSMTP) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.rcp)
}

// remind on the command line sends today's reminders to a real SMTP server on
// loopback, once: a second run sends nothing. The calendar gets a meeting whose
// reminder period is today, whatever day the test runs.
func TestRemind(t *testing.T) {
	box := &inboxSMTP{}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return &smtpSession{box: box}, nil }))
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	today := time.Now()
	meeting, deadline := today.AddDate(0, 0, 10).Format("2006-01-02"), today.AddDate(0, 0, 1).Format("2006-01-02")
	src := strings.Replace(string(handlingsplan.DefaultConfig), "meetings:\n",
		fmt.Sprintf("meetings:\n  - {audience: rsl, date: %s, deadline: %s}\n", meeting, deadline), 1)
	src += fmt.Sprintf("\nsmtp: {host: 127.0.0.1, port: %d, from: \"Handlingsplaner <noreply@example.se>\", tls: none}\n"+
		"contacts: {Uppföljning och analys: \"uppfoljning@example.se\"}\n", ln.Addr().(*net.TCPAddr).Port)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(data, inbox.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return today.AddDate(-10, 0, 0) } // before every meeting of the calendar
	p := &plan.Plan{Name: "RSG Patientsäkerhet", Kind: plan.KindRSG, Email: "patientsakerhet@example.se",
		Areas: []plan.Area{{Title: "Vårdskador", Activities: []plan.Activity{{Description: "Markörbaserad journalgranskning", Status: plan.StatusGreen}}}}}
	if _, _, err := st.AddVersion(context.Background(), 0, p); err != nil {
		t.Fatal(err)
	}
	st.Close()

	code, stdout, stderr := cli(t, "remind", "--config", cfgPath, "--data", data)
	if code != exitOK {
		t.Fatalf("remind: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"RSG Patientsäkerhet: påminnelse skickad till patientsakerhet@example.se",
		"RSG Uppföljning och analys: påminnelse skickad till uppfoljning@example.se"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	sent := box.count()
	if sent < 2 {
		t.Fatalf("server received %d messages", sent)
	}
	code, stdout, _ = cli(t, "remind", "--config", cfgPath, "--data", data)
	if code != exitOK || !strings.Contains(stdout, "RSG Patientsäkerhet: redan påmind") || box.count() != sent {
		t.Errorf("second run: exit %d, %d messages (was %d)\n%s", code, box.count(), sent, stdout)
	}
	code, stdout, _ = cli(t, "remind", "--config", cfgPath, "--data", data, "--dry-run")
	if code != exitOK || !strings.Contains(stdout, "mailto:patientsakerhet@example.se?subject=") {
		t.Errorf("dry run: exit %d\n%s", code, stdout)
	}
}
