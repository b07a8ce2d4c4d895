package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
	"handlingsplan/templates"
)

func TestDefault(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(c.Catalog.Promises), 5; got != want {
		t.Errorf("promises = %d, want %d", got, want)
	}
	if got, want := len(c.Catalog.AllAreas()), 18; got != want {
		t.Errorf("areas = %d, want %d", got, want)
	}
	if got, want := c.Server, DefaultServer; got != want {
		t.Errorf("server = %+v, want %+v", got, want)
	}
	name, forum, ok := c.Catalog.Area("psykisk hälsa")
	if !ok || name != "RPO Psykisk hälsa" || forum.Name != "Kunskapsråd Psykisk hälsa" {
		t.Errorf("Area(psykisk hälsa) = %q, %v, %v", name, forum, ok)
	}
	if _, f, ok := c.Catalog.Area("Patientsäkerhet"); !ok || f.Kind != plan.ForumRSL {
		t.Errorf("RSG Patientsäkerhet not under RSL")
	}
	if got := c.Councils(); len(got) != 4 {
		t.Errorf("councils = %v", got)
	}
	m, ok := c.NextMeeting(plan.AudienceKR, c.Catalog.Forums[0].Name, time.Date(2026, 11, 23, 12, 0, 0, 0, time.Local))
	if !ok || m.Date.Format("2006-01-02") != "2026-12-03" {
		t.Errorf("next Medicin meeting = %v, %v", m.Date, ok)
	}
	next, _ := c.NextMeeting(plan.AudienceKR, m.Forum, time.Date(2026, 12, 4, 0, 0, 0, 0, time.Local))
	prev, ok := c.PreviousMeeting(next)
	if !ok || !prev.Date.Equal(m.Date) {
		t.Errorf("previous of %v = %v, %v", next.Date, prev.Date, ok)
	}
}

func TestParseErrors(t *testing.T) {
	base := func() string { return string(mustRead(t, "../config.yaml")) }
	tests := []struct {
		name    string
		edit    func(string) string
		wantKey string
		wantMsg string
	}{
		{"UnknownKey", func(s string) string { return s + "\nfoo: 1\n" }, "", "foo"},
		{"BadMeetingDate", func(s string) string {
			return strings.Replace(s, "date: 2026-12-03", "date: 3 dec", 1)
		}, "meetings[6].date", "ÅÅÅÅ-MM-DD"},
		{"UnknownCouncil", func(s string) string {
			return strings.Replace(s, "forum: Medicin, date: 2026-12-03", "forum: Ortopedi, date: 2026-12-03", 1)
		}, "meetings[6].forum", "Ortopedi"},
		{"BadAudience", func(s string) string {
			return strings.Replace(s, "{audience: rsl, date: 2026-12-17}", "{audience: styrelse, date: 2026-12-17}", 1)
		}, "meetings[10].audience", "styrelse"},
		{"DuplicateArea", func(s string) string {
			return strings.Replace(s, "      - RPO Primärvård\n", "      - RPO Primärvård\n      - Psykisk hälsa\n", 1)
		}, "forums[3].areas[2]", "finns redan"},
		{"BadForumKind", func(s string) string { return strings.Replace(s, "kind: rsl", "kind: nämnd", 1) }, "forums[4].kind", "nämnd"},
		{"BadCron", func(s string) string { return strings.Replace(s, `"0 6 * * 1"`, `"varje måndag"`, 1) }, "schedules[0].cron", "fem fält"},
		{"CronOutOfRange", func(s string) string { return strings.Replace(s, `"0 6 * * 1"`, `"0 25 * * 1"`, 1) }, "schedules[0].cron", "inget giltigt cron-uttryck"},
		{"CronBadZone", func(s string) string {
			return strings.Replace(s, `"0 6 * * 1"`, `"CRON_TZ=Europe/Stokholm 0 6 * * 1"`, 1)
		}, "schedules[0].cron", "Europe/Stokholm"},
		{"ScheduleWithoutName", func(s string) string {
			return strings.Replace(s, "name: Veckoöversikt RSL, ", "", 1)
		}, "schedules[0].name", "namn saknas"},
		{"DuplicateSchedule", func(s string) string {
			return strings.Replace(s, "schedules:\n", "schedules:\n  - {name: veckoöversikt rsl, cron: \"0 7 * * 2\", audience: rsl}\n", 1)
		}, "schedules[1].name", "finns redan"},
		{"BadBuildTime", func(s string) string {
			return strings.Replace(s, `build_time: "06:00"`, `build_time: "6 på morgonen"`, 1)
		}, "build_time", "TT:MM"},
		{"BuildTimeOutOfRange", func(s string) string { return strings.Replace(s, `build_time: "06:00"`, `build_time: "24:30"`, 1) }, "build_time", "ingen tid"},
		{"BadTimeZone", func(s string) string {
			return strings.Replace(s, "time_zone: Europe/Stockholm", "time_zone: Sverige/Jönköping", 1)
		}, "time_zone", "ingen känd tidszon"},
		{"LocalTimeZone", func(s string) string { return strings.Replace(s, "time_zone: Europe/Stockholm", "time_zone: Local", 1) }, "time_zone", "Local"},
		{"NegativeLimit", func(s string) string { return strings.Replace(s, "max_file_mb: 25", "max_file_mb: -1", 1) }, "limits.max_file_mb", "utanför"},
		{"BadDeadline", func(s string) string {
			return strings.Replace(s, "date: 2026-12-03}", "date: 2026-12-03, deadline: 19 nov}", 1)
		}, "meetings[6].deadline", "ÅÅÅÅ-MM-DD"},
		{"DeadlineAfterMeeting", func(s string) string {
			return strings.Replace(s, "date: 2026-12-03}", "date: 2026-12-03, deadline: 2026-12-04}", 1)
		}, "meetings[6].deadline", "efter mötet"},
		{"DeadlineDaysOutOfRange", func(s string) string {
			return strings.Replace(s, "deadline_days: 14", "deadline_days: -2", 1)
		}, "deadline_days", "utanför 0–90"},
		{"ReminderDaysOutOfRange", func(s string) string { return strings.Replace(s, "reminder_days: 3", "reminder_days: 99", 1) }, "reminder_days", "utanför 0–60"},
		{"SMTPWithoutHost", func(s string) string { return s + "\nsmtp: {from: noreply@example.se}\n" }, "smtp.host", "värd saknas"},
		{"SMTPBadTLS", func(s string) string { return s + "\nsmtp: {host: localhost, from: noreply@example.se, tls: ssl3}\n" }, "smtp.tls", "starttls, tls eller none"},
		{"SMTPBadFrom", func(s string) string { return s + "\nsmtp: {host: localhost, from: noreply}\n" }, "smtp.from", "avsändaradress"},
		{"ContactUnknownArea", func(s string) string { return s + "\ncontacts: {RPO Ortopedi: a@example.se}\n" }, `contacts["RPO Ortopedi"]`, "okänt programområde"},
		{"ContactBadAddress", func(s string) string { return s + "\ncontacts: {Psykisk hälsa: inte-en-adress}\n" }, `contacts["Psykisk hälsa"]`, "ingen e-postadress"},
		{"BadServerAddr", func(s string) string { return strings.Replace(s, "addr: 127.0.0.1:8080", "addr: 8080", 1) }, "server.addr", "VÄRD:PORT"},
		{"BadServerPort", func(s string) string { return strings.Replace(s, "addr: 127.0.0.1:8080", "addr: \":99999\"", 1) }, "server.addr", "99999"},
		{"BadBaseURL", func(s string) string {
			return strings.Replace(s, `base_url: ""`, "base_url: handlingsplaner.example.se", 1)
		}, "server.base_url", "webbadress"},
		{"ZeroUpload", func(s string) string { return strings.Replace(s, "max_upload_mb: 100", "max_upload_mb: 0", 1) }, "server.max_upload_mb", "1–4096"},
		{"NegativeGrace", func(s string) string {
			return strings.Replace(s, "shutdown_grace_seconds: 30", "shutdown_grace_seconds: -5", 1)
		}, "server.shutdown_grace_seconds", "utanför"},
		{"HideUnknownField", func(s string) string {
			return strings.Replace(s, `hide: ["Behov av ledningsstöd"`, `hide: ["Budget"`, 1)
		}, "publication.hide[0]", "\"Budget\" är inget fält i mallen"},
		{"HideRequiredField", func(s string) string {
			return strings.Replace(s, `hide: ["Behov av ledningsstöd"`, `hide: ["Status"`, 1)
		}, "publication.hide[0]", "kan inte döljas"},
		{"PromiseWithoutTitle", func(s string) string {
			return strings.Replace(s, "title: Du får vård i rätt tid", "title: \"\"", 1)
		}, "patient_promises[1].title", "P2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.edit(base())), "config.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			if tt.wantKey != "" {
				var ce *Error
				if !asError(err, &ce) || ce.Key != tt.wantKey {
					t.Errorf("key: got error %v, want key %s", err, tt.wantKey)
				}
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

func TestScheduleTimes(t *testing.T) {
	base := string(mustRead(t, "../config.yaml"))
	tests := []struct {
		name      string
		edit      func(string) string
		wantClock string
		wantZone  string
		wantSpec  string
	}{
		{"Shipped", func(s string) string { return s }, "06:00", "Europe/Stockholm", "CRON_TZ=Europe/Stockholm 0 6 * * 1"},
		{"Defaults", func(s string) string {
			s = strings.Replace(s, "build_time: \"06:00\"\n", "", 1)
			return strings.Replace(s, "time_zone: Europe/Stockholm\n", "", 1)
		}, "06:00", "Europe/Stockholm", "CRON_TZ=Europe/Stockholm 0 6 * * 1"},
		{"OtherTimeAndZone", func(s string) string {
			s = strings.Replace(s, `build_time: "06:00"`, `build_time: "7:15"`, 1)
			return strings.Replace(s, "time_zone: Europe/Stockholm", "time_zone: Europe/Helsinki", 1)
		}, "07:15", "Europe/Helsinki", "CRON_TZ=Europe/Helsinki 0 6 * * 1"},
		{"CronNamesItsZone", func(s string) string {
			return strings.Replace(s, `"0 6 * * 1"`, `"TZ=UTC 30 2 * * *"`, 1)
		}, "06:00", "Europe/Stockholm", "CRON_TZ=UTC 30 2 * * *"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(strings.NewReader(tt.edit(base)), "config.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if got := c.BuildTime.String(); got != tt.wantClock {
				t.Errorf("BuildTime = %s, want %s", got, tt.wantClock)
			}
			if got := c.Zone.String(); got != tt.wantZone {
				t.Errorf("Zone = %s, want %s", got, tt.wantZone)
			}
			if got := c.Schedules[0].Spec; got != tt.wantSpec {
				t.Errorf("Spec = %q, want %q", got, tt.wantSpec)
			}
			if _, err := ParseCron(c.Schedules[0].Spec); err != nil {
				t.Errorf("ParseCron(%q): %v", c.Schedules[0].Spec, err)
			}
		})
	}
}

func TestLoadRelativeFolders(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, mustRead(t, "../config.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.DataDir, filepath.Join(dir, "data"); got != want {
		t.Errorf("DataDir = %q, want %q", got, want)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func asError(err error, target **Error) bool { return errors.As(err, target) }

// A configuration loaded twice (a reload) is two values; meetings of the one find
// their previous meetings in the other, because forums are matched by name.
func TestReloadMatchesByName(t *testing.T) {
	first, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	second, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.Local)
	for _, f := range first.Councils() {
		council, ok := first.Council(f)
		if !ok {
			t.Fatalf("council %q not found", f)
		}
		m, ok := first.NextMeeting(plan.AudienceKR, council.Name, day)
		if !ok {
			continue
		}
		want, ok1 := first.PreviousMeeting(m)
		got, ok2 := second.PreviousMeeting(m)
		if !ok1 || !ok2 || !got.Date.Equal(want.Date) || got.Forum != want.Forum {
			t.Errorf("%s: previous meeting in the reloaded config %v %v, want %v %v", f, got, ok2, want, ok1)
		}
	}
}

func TestDeadlineOf(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02", s, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name string
		yaml string // replaces the first Medicin meeting in December and deadline_days
		want string
	}{
		{"DefaultDays", "  - {audience: kr, forum: Medicin, date: 2026-12-03}\n", "2026-11-19"},
		{"OwnDays", "  - {audience: kr, forum: Medicin, date: 2026-12-03}\ndeadline_days: 10\n", "2026-11-23"},
		{"OwnDate", "  - {audience: kr, forum: Medicin, date: 2026-12-03, deadline: 2026-11-25}\n", "2026-11-25"},
		{"OnTheDay", "  - {audience: kr, forum: Medicin, date: 2026-12-03, deadline: 2026-12-03}\n", "2026-12-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := string(mustRead(t, "../config.yaml"))
			src = strings.Replace(src, "deadline_days: 14\n", "", 1)
			src = strings.Replace(src, "  - {audience: kr, forum: Medicin, date: 2026-12-03}\n", "", 1)
			src = strings.Replace(src, "meetings:\n", "meetings:\n"+strings.SplitAfter(tt.yaml, "\n")[0], 1)
			if rest := strings.SplitAfterN(tt.yaml, "\n", 2)[1]; rest != "" {
				src += rest
			}
			c, err := Parse(strings.NewReader(src), "config.yaml")
			if err != nil {
				t.Fatal(err)
			}
			m, ok := c.NextMeeting(plan.AudienceKR, "Kunskapsråd Medicin", day("2026-11-01"))
			if !ok || !m.Date.Equal(day("2026-12-03")) {
				t.Fatalf("next meeting = %v, %v", m.Date, ok)
			}
			if got := c.DeadlineOf(m).Format("2006-01-02"); got != tt.want {
				t.Errorf("DeadlineOf = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAdoptionMeeting(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02", s, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name, plan, day       string
		wantPlan, wantForum   string
		wantErr, wantContains string
	}{
		{"KR", "Hjärt- och kärlsjukdomar", "2026-12-03", "RPO Hjärt- och kärlsjukdomar", "Kunskapsråd Medicin", "", ""},
		{"RSG", "rsg patientsäkerhet", "2026-12-17", "RSG Patientsäkerhet", "Regionsjukvårdsledningen", "", ""},
		{"ErrUnknownPlan", "RPO Ortopedi", "2026-12-03", "", "", "invalid", "Okänt programområde"},
		{"ErrNoSuchMeeting", "RPO Hjärt- och kärlsjukdomar", "2026-12-04", "", "", "invalid", "har inget möte 2026-12-04 i mötesplanen. Ange ett av dess möten (2026-09-10, 2026-12-03, 2027-03-04, 2027-06-03, 2027-09-09, 2027-12-02)"},
		{"ErrOtherForumsMeeting", "RSG Patientsäkerhet", "2026-12-03", "", "", "invalid", "Regionsjukvårdsledningen har inget möte 2026-12-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, forum, m, err := c.AdoptionMeeting(tt.plan, day(tt.day))
			if tt.wantErr != "" {
				if string(apperr.CodeOf(err)) != tt.wantErr || !strings.Contains(apperr.MessageOf(err), tt.wantContains) {
					t.Errorf("err = %v, want %s containing %q", err, tt.wantErr, tt.wantContains)
				}
				return
			}
			if err != nil || name != tt.wantPlan || forum != tt.wantForum || !m.Date.Equal(day(tt.day)) {
				t.Errorf("AdoptionMeeting = %q, %q, %v, %v", name, forum, m.Date, err)
			}
		})
	}
}

// publication.hide names fields as the template does, in any case and with any
// dash; the shipped configuration hides ledningsstöd and the change's description.
func TestPublicationHide(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Publication.Hide; len(got) != 2 || got[0] != templates.ColSupport || got[1] != templates.ColImpactDetail {
		t.Errorf("default hide = %v", got)
	}
	src := strings.Replace(string(mustRead(t, "../config.yaml")), `hide: ["Behov av ledningsstöd", "Beskrivning av förändring"]`,
		`hide: ["kontaktperson", "Konsekvenser - styrning och ledning", "E-postadress"]`, 1)
	c, err := Parse(strings.NewReader(src), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []templates.Field{templates.PlanContact, templates.ColConsGovernance, templates.PlanEmail} {
		if !c.Publication.Hidden(f) {
			t.Errorf("%s not hidden: %v", f, c.Publication.Hide)
		}
	}
	if c.Publication.Hidden(templates.ColSupport) {
		t.Error("ledningsstöd hidden though not listed")
	}
}

func TestReminderConfig(t *testing.T) {
	src := strings.Replace(string(mustRead(t, "../config.yaml")), "reminder_days: 3", "reminder_days: 5", 1) + `
contacts: {Psykisk hälsa: "Eva Ek <eva.ek@example.se>"}
smtp: {host: 127.0.0.1, port: 2525, from: "Handlingsplaner <noreply@example.se>", tls: none}
`
	c, err := Parse(strings.NewReader(src), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.ReminderDays != 5 || c.Contacts["RPO Psykisk hälsa"] != "eva.ek@example.se" {
		t.Errorf("reminders: days %d, contacts %v", c.ReminderDays, c.Contacts)
	}
	if c.SMTP == nil || c.SMTP.Port != 2525 || c.SMTP.TLS != "none" {
		t.Errorf("smtp = %+v", c.SMTP)
	}
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if d.ReminderDays != DefaultReminderDays || d.SMTP != nil {
		t.Errorf("default: reminder days %d, smtp %+v", d.ReminderDays, d.SMTP)
	}
}
