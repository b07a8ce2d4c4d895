package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/plan"
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
