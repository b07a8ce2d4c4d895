package remind_test

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"handlingsplan"
	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/remind"
	"handlingsplan/report"
	"handlingsplan/store"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	src := strings.Replace(string(handlingsplan.DefaultConfig), `base_url: ""`, "base_url: https://handlingsplaner.example.se", 1)
	c, err := config.Parse(strings.NewReader(src), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The Kunskapsråd Psykisk hälsa meets 2026-12-08 (deadline 2026-11-24 with the
// default 14 days, reminders from 2026-11-21) after 2026-09-15.
func TestDue(t *testing.T) {
	cfg := testConfig(t)
	const psyk, barn = "RPO Psykisk hälsa", "RPO Barn och ungdomars hälsa"
	latest := map[string]*plan.Plan{psyk: {Name: psyk, Email: "eva.ek@example.se"}}
	tests := []struct {
		name     string
		received map[string][]time.Time
		now      string
		want     map[string]report.DeadlineStatus // plans of Psykisk hälsa due
	}{
		{"TooEarly", nil, "2026-11-20 23:00", nil},
		{"NotUpdatedAndMissing", map[string][]time.Time{psyk: {day(t, "2026-08-01 10:00")}}, "2026-11-21 08:00",
			map[string]report.DeadlineStatus{psyk: report.DeadlineNotUpdated, barn: report.DeadlineMissing}},
		{"UpdatedIsNotReminded", map[string][]time.Time{psyk: {day(t, "2026-08-01 10:00"), day(t, "2026-11-02 10:00")}}, "2026-11-24 20:00",
			map[string]report.DeadlineStatus{barn: report.DeadlineMissing}},
		{"AfterTheDeadline", nil, "2026-11-25 00:01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]report.DeadlineStatus{}
			for _, r := range remind.Due(cfg, latest, tt.received, day(t, tt.now)) {
				if r.Forum == "Kunskapsråd Psykisk hälsa" {
					got[r.Plan] = r.Status
					if r.Deadline.Format("2006-01-02") != "2026-11-24" || r.Meeting.Format("2006-01-02") != "2026-12-08" {
						t.Errorf("%s: deadline %v, meeting %v", r.Plan, r.Deadline, r.Meeting)
					}
					if r.Plan == psyk && r.To != "eva.ek@example.se" {
						t.Errorf("%s: to %q, want the latest version's e-mail", r.Plan, r.To)
					}
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("due = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// mailbox is a real SMTP server (emersion/go-smtp) on loopback that keeps what
// it receives.
type mailbox struct {
	mu   sync.Mutex
	msgs []received
}

type received struct {
	from, to string
	data     []byte
}

type session struct {
	mb       *mailbox
	from, to string
}

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *gosmtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = to
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mb.mu.Lock()
	s.mb.msgs = append(s.mb.msgs, received{s.from, s.to, b})
	s.mb.mu.Unlock()
	return nil
}

func startSMTP(t *testing.T) (*mailbox, string, int, func()) {
	t.Helper()
	mb := &mailbox{}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return &session{mb: mb}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			srv.Close()
		}
	}
	t.Cleanup(stop)
	return mb, "127.0.0.1", ln.Addr().(*net.TCPAddr).Port, stop
}

// The SMTP round trip: a reminder goes to a real server, which receives a
// well-formed Swedish message; sending again, also after reopening the store,
// sends nothing; a failed send is tried again next time.
func TestSendSMTP(t *testing.T) {
	mb, host, port, stop := startSMTP(t)
	cfg := testConfig(t)
	const psyk = "RPO Psykisk hälsa"
	latest := map[string]*plan.Plan{psyk: {Name: psyk, Email: "eva.ek@example.se"}}
	received := map[string][]time.Time{psyk: {day(t, "2026-08-01 10:00")}}
	now := day(t, "2026-11-22 07:00")
	var due []remind.Reminder
	for _, r := range remind.Due(cfg, latest, received, now) {
		if r.Plan == psyk {
			due = append(due, r)
		}
	}
	if len(due) != 1 {
		t.Fatalf("due = %+v", due)
	}
	dbPath := filepath.Join(t.TempDir(), "handlingsplan.db")
	st, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	sender := &remind.SMTP{Config: config.SMTP{Host: host, Port: port, From: "Handlingsplaner <noreply@example.se>", TLS: "none"},
		Now: func() time.Time { return now }}
	ctx := context.Background()
	out, err := remind.Send(ctx, st, sender, due)
	if err != nil || len(out) != 1 || !out[0].Sent {
		t.Fatalf("Send = %+v, %v", out, err)
	}
	if len(mb.msgs) != 1 {
		t.Fatalf("server received %d messages", len(mb.msgs))
	}
	got := mb.msgs[0]
	if got.from != "noreply@example.se" || got.to != "eva.ek@example.se" {
		t.Errorf("envelope %s → %s", got.from, got.to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(got.data)))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "Påminnelse: handlingsplanen för RPO Psykisk hälsa ska lämnas in senast 24 november 2026" {
		t.Errorf("subject %q, %v", subject, err)
	}
	if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Handlingsplanen för RPO Psykisk hälsa redovisas för Kunskapsråd Psykisk hälsa inför mötet 8 december 2026. Sista dag att lämna in den är 24 november 2026.",
		"inte uppdaterats sedan förra mötet (15 september 2026); den senaste versionen kom in 1 augusti 2026",
		"förifyllda mallen",
		"https://handlingsplaner.example.se/planer/RPO%20Psykisk%20h%C3%A4lsa",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}

	// Again, and again after a restart: never sent twice.
	if out, err := remind.Send(ctx, st, sender, due); err != nil || len(out) != 1 || !out[0].Before {
		t.Errorf("second Send = %+v, %v", out, err)
	}
	st.Close()
	st, err = store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if out, err := remind.Send(ctx, st, sender, due); err != nil || len(out) != 1 || !out[0].Before {
		t.Errorf("Send after a restart = %+v, %v", out, err)
	}
	if len(mb.msgs) != 1 {
		t.Errorf("server received %d messages, want 1", len(mb.msgs))
	}
	log, err := st.Reminders(ctx, 10)
	if err != nil || len(log) != 1 || log[0].Status != store.ReminderSent || log[0].To != "eva.ek@example.se" {
		t.Errorf("Reminders = %+v, %v", log, err)
	}

	// A server that is down: the reminder is not recorded as sent and goes next time.
	stop()
	other := due[0]
	other.Meeting = other.Meeting.AddDate(0, 3, 0)
	out, err = remind.Send(ctx, st, sender, []remind.Reminder{other})
	if err != nil || len(out) != 1 || out[0].Sent || out[0].Err == nil {
		t.Fatalf("Send to a stopped server = %+v, %v", out, err)
	}
	if !strings.Contains(out[0].Err.Error(), "kunde inte skickas") {
		t.Errorf("error %v", out[0].Err)
	}
	mb2, host2, port2, _ := startSMTP(t)
	sender.Config.Host, sender.Config.Port = host2, port2
	if out, err := remind.Send(ctx, st, sender, []remind.Reminder{other}); err != nil || len(out) != 1 || !out[0].Sent || len(mb2.msgs) != 1 {
		t.Errorf("retry = %+v, %v, %d messages", out, err, len(mb2.msgs))
	}
}

func TestMailto(t *testing.T) {
	r := remind.Reminder{Plan: "RPO Psykisk hälsa", Forum: "Kunskapsråd Psykisk hälsa", To: "eva.ek@example.se",
		Meeting: day(t, "2026-12-08 00:00"), Deadline: day(t, "2026-11-24 00:00"), Status: report.DeadlineMissing}
	m := r.Mailto()
	if !strings.HasPrefix(m, "mailto:eva.ek@example.se?subject=P%C3%A5minnelse") || strings.Contains(m, " ") || !strings.Contains(m, "body=") {
		t.Errorf("mailto = %q", m)
	}
	r.To = ""
	if r.Mailto() != "" {
		t.Error("mailto without an address")
	}
}
