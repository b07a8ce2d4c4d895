// Package config loads and validates config.yaml: the reference data (patient
// promises, forums and their programme areas), the meeting calendar, schedules,
// folders and limits.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time_zone must load on Windows and minimal machines without a zone database

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"handlingsplan"
	"handlingsplan/limits"
	"handlingsplan/plan"
)

// Config is the validated configuration.
type Config struct {
	DataDir        string
	OutputDir      string
	Catalog        plan.Catalog
	Meetings       []Meeting
	LeadDays       int
	BuildTime      Clock          // local time of day meeting packages are built
	Zone           *time.Location // of BuildTime and of schedules without CRON_TZ
	StaleAfterDays int
	DeadlineDays   int // a meeting's submission deadline is this many days before it, unless it names its own
	ReminderDays   int // reminders go out this many days before a deadline
	SMTP           *SMTP
	Contacts       map[string]string // e-mail per plan (canonical name), before the one in the plan
	Schedules      []Schedule
	Limits         limits.Limits
	Settle         time.Duration
	Server         Server
	Auth           Auth
	Publication    Publication
	Path           string // the file it was read from; empty for the embedded default
}

// Server holds the settings of "handlingsplan serve".
type Server struct {
	Addr           string        // host:port to listen on
	BaseURL        string        // how users reach the service, e.g. https://handlingsplaner.example.se; empty: from Addr
	MaxUploadBytes int64         // one upload request from the web page or the API
	ShutdownGrace  time.Duration // how long a shutdown waits for the file or package in progress
}

// DefaultServer is the server part of a configuration without a server key.
var DefaultServer = Server{Addr: "127.0.0.1:8080", MaxUploadBytes: 100 << 20, ShutdownGrace: 30 * time.Second}

// Meeting is one entry of the meeting calendar.
type Meeting struct {
	Audience plan.Audience
	Forum    string // the council's name (plan.Forum.Name) for kunskapsråd meetings; empty otherwise
	Date     time.Time
	Deadline time.Time // the submission deadline given for this meeting; zero: DeadlineDays before Date
}

// Schedule is an extra cron schedule that builds a package.
type Schedule struct {
	Name     string // unique; the scheduler keys its records by it
	Cron     string // as written, five fields with an optional CRON_TZ= (or TZ=) prefix
	Spec     string // Cron with CRON_TZ= of time_zone when it names no zone; what robfig/cron parses
	Audience plan.Audience
	Forum    string // the council's name for kunskapsråd schedules
}

// Clock is a time of day, hours and minutes.
type Clock struct{ Hour, Minute int }

// String gives the time as 06:00.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

// DefaultZone is the time zone of the region, used when time_zone is not set.
const DefaultZone = "Europe/Stockholm"

// cronParser reads the five-field schedules of config.yaml.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// ParseCron parses a schedule's Spec.
func ParseCron(spec string) (cron.Schedule, error) { return cronParser.Parse(spec) }

// file mirrors config.yaml; unknown keys are errors.
type file struct {
	DataDir         string `yaml:"data_dir"`
	OutputDir       string `yaml:"output_dir"`
	PatientPromises []struct {
		ID    string `yaml:"id"`
		Title string `yaml:"title"`
	} `yaml:"patient_promises"`
	Forums []struct {
		Name  string   `yaml:"name"`
		Short string   `yaml:"short"`
		Kind  string   `yaml:"kind"`
		Areas []string `yaml:"areas"`
	} `yaml:"forums"`
	Meetings []struct {
		Audience string `yaml:"audience"`
		Forum    string `yaml:"forum"`
		Date     string `yaml:"date"`
		Deadline string `yaml:"deadline"`
	} `yaml:"meetings"`
	LeadDays       *int              `yaml:"lead_days"`
	BuildTime      string            `yaml:"build_time"`
	TimeZone       string            `yaml:"time_zone"`
	StaleAfterDays *int              `yaml:"stale_after_days"`
	DeadlineDays   *int              `yaml:"deadline_days"`
	ReminderDays   *int              `yaml:"reminder_days"`
	SMTP           *smtpFile         `yaml:"smtp"`
	Contacts       map[string]string `yaml:"contacts"`
	Schedules      []struct {
		Name     string `yaml:"name"`
		Cron     string `yaml:"cron"`
		Audience string `yaml:"audience"`
		Forum    string `yaml:"forum"`
	} `yaml:"schedules"`
	Limits struct {
		MaxFileMB     int `yaml:"max_file_mb"`
		MaxUnzippedMB int `yaml:"max_unzipped_mb"`
		MaxZipEntries int `yaml:"max_zip_entries"`
	} `yaml:"limits"`
	Inbox struct {
		SettleSeconds *float64 `yaml:"settle_seconds"`
	} `yaml:"inbox"`
	Server struct {
		Addr                 string `yaml:"addr"`
		BaseURL              string `yaml:"base_url"`
		MaxUploadMB          *int   `yaml:"max_upload_mb"`
		ShutdownGraceSeconds *int   `yaml:"shutdown_grace_seconds"`
	} `yaml:"server"`
	Auth        authFile `yaml:"auth"`
	Publication struct {
		Hide []string `yaml:"hide"`
	} `yaml:"publication"`
}

// Error names the offending key of an invalid configuration.
type Error struct {
	Path string // the file, or "inbyggd konfiguration"
	Key  string // e.g. "forums[2].areas[1]"
	Msg  string
}

func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Path, e.Key, e.Msg)
}

// Default returns the embedded configuration shipped with the binary.
func Default() (*Config, error) {
	return Parse(bytes.NewReader(handlingsplan.DefaultConfig), "")
}

// Load reads and validates the configuration file at path; relative folders in it are
// taken relative to the file.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("läs konfiguration: %w", err)
	}
	defer f.Close()
	c, err := Parse(f, path)
	if err != nil {
		return nil, err
	}
	base := filepath.Dir(path)
	dirs := []*string{&c.DataDir, &c.OutputDir}
	if c.Auth.OIDC != nil && c.Auth.OIDC.ClientSecretFile != "" {
		dirs = append(dirs, &c.Auth.OIDC.ClientSecretFile)
	}
	if c.SMTP != nil && c.SMTP.PasswordFile != "" {
		dirs = append(dirs, &c.SMTP.PasswordFile)
	}
	for _, d := range dirs {
		if !filepath.IsAbs(*d) {
			*d = filepath.Join(base, *d)
		}
	}
	return c, nil
}

// Parse reads and validates a configuration; path is only used in messages.
func Parse(r io.Reader, path string) (*Config, error) {
	name := path
	if name == "" {
		name = "inbyggd konfiguration"
	}
	fail := func(key, format string, args ...any) error {
		return &Error{Path: name, Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	var f file
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fail("", "ogiltig YAML: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	c := &Config{Path: path, DataDir: f.DataDir, OutputDir: f.OutputDir, LeadDays: 7, StaleAfterDays: 120, DeadlineDays: 14,
		BuildTime: Clock{6, 0}, Limits: limits.Default(), Settle: 2 * time.Second}
	if c.DataDir == "" {
		c.DataDir = "data"
	}
	if c.OutputDir == "" {
		c.OutputDir = "output"
	}

	if len(f.PatientPromises) == 0 {
		return nil, fail("patient_promises", "minst ett patientlöfte krävs")
	}
	for i, p := range f.PatientPromises {
		key := fmt.Sprintf("patient_promises[%d]", i)
		if strings.TrimSpace(p.ID) == "" {
			return nil, fail(key+".id", "id saknas (t.ex. P1)")
		}
		if strings.TrimSpace(p.Title) == "" {
			return nil, fail(key+".title", "titel saknas för %s", p.ID)
		}
		if _, dup := c.Catalog.Promise(p.ID); dup {
			return nil, fail(key+".id", "%q finns redan", p.ID)
		}
		c.Catalog.Promises = append(c.Catalog.Promises, plan.Promise{ID: strings.TrimSpace(p.ID), Title: strings.TrimSpace(p.Title)})
	}

	if len(f.Forums) == 0 {
		return nil, fail("forums", "minst ett forum krävs")
	}
	for i, fo := range f.Forums {
		key := fmt.Sprintf("forums[%d]", i)
		if strings.TrimSpace(fo.Name) == "" {
			return nil, fail(key+".name", "namn saknas")
		}
		kind := plan.ForumKind(plan.Fold(fo.Kind))
		if kind != plan.ForumKR && kind != plan.ForumRSL {
			return nil, fail(key+".kind", "%q är ogiltigt; använd kr eller rsl", fo.Kind)
		}
		if _, dup := c.Catalog.Forum(fo.Name); dup {
			return nil, fail(key+".name", "%q finns redan", fo.Name)
		}
		short := strings.TrimSpace(fo.Short)
		if short == "" {
			short = strings.TrimSpace(strings.TrimPrefix(fo.Name, "Kunskapsråd"))
		}
		if len(fo.Areas) == 0 {
			return nil, fail(key+".areas", "forumet %q har inga programområden", fo.Name)
		}
		for j, a := range fo.Areas {
			if strings.TrimSpace(a) == "" {
				return nil, fail(fmt.Sprintf("%s.areas[%d]", key, j), "tomt namn")
			}
			if _, other, dup := c.Catalog.Area(a); dup {
				return nil, fail(fmt.Sprintf("%s.areas[%d]", key, j), "%q finns redan under %s", a, other.Name)
			}
		}
		// Append after the duplicate check so that Area does not find itself.
		c.Catalog.Forums = append(c.Catalog.Forums, plan.Forum{Name: strings.TrimSpace(fo.Name), Short: short, Kind: kind, Areas: trimAll(fo.Areas)})
	}

	for i, m := range f.Meetings {
		key := fmt.Sprintf("meetings[%d]", i)
		a, err := plan.ParseAudience(m.Audience)
		if err != nil || a == plan.AudiencePlan {
			return nil, fail(key+".audience", "%q är ogiltigt; använd kr, rsl eller svn", m.Audience)
		}
		d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(m.Date), time.Local)
		if err != nil {
			return nil, fail(key+".date", "%q är inget datum; skriv ÅÅÅÅ-MM-DD", m.Date)
		}
		mt := Meeting{Audience: a, Date: d}
		if s := strings.TrimSpace(m.Deadline); s != "" {
			dl, err := time.ParseInLocation("2006-01-02", s, time.Local)
			if err != nil {
				return nil, fail(key+".deadline", "%q är inget datum; skriv ÅÅÅÅ-MM-DD", m.Deadline)
			}
			if dl.After(d) {
				return nil, fail(key+".deadline", "%s ligger efter mötet %s; sista dag för inlämning ska vara före eller på mötesdagen", s, m.Date)
			}
			mt.Deadline = dl
		}
		if mt.Forum, err = c.forumFor(a, m.Forum); err != nil {
			return nil, fail(key+".forum", "%v", err)
		}
		c.Meetings = append(c.Meetings, mt)
	}

	if f.LeadDays != nil {
		if *f.LeadDays < 0 || *f.LeadDays > 90 {
			return nil, fail("lead_days", "%d är utanför 0–90", *f.LeadDays)
		}
		c.LeadDays = *f.LeadDays
	}
	if f.StaleAfterDays != nil {
		if *f.StaleAfterDays < 1 {
			return nil, fail("stale_after_days", "måste vara minst 1")
		}
		c.StaleAfterDays = *f.StaleAfterDays
	}
	if f.DeadlineDays != nil {
		if *f.DeadlineDays < 0 || *f.DeadlineDays > 90 {
			return nil, fail("deadline_days", "%d är utanför 0–90", *f.DeadlineDays)
		}
		c.DeadlineDays = *f.DeadlineDays
	}
	if bt := strings.TrimSpace(f.BuildTime); bt != "" {
		clk, ok := parseClock(bt)
		if !ok {
			return nil, fail("build_time", "%q är ingen tid; skriv TT:MM, t.ex. 06:00", f.BuildTime)
		}
		c.BuildTime = clk
	}
	zone := strings.TrimSpace(f.TimeZone)
	if zone == "" {
		zone = DefaultZone
	}
	loc, zerr := loadZone(zone)
	if zerr != nil {
		return nil, fail("time_zone", "%q är ingen känd tidszon; skriv t.ex. Europe/Stockholm", f.TimeZone)
	}
	c.Zone = loc
	seen := map[string]bool{}
	for i, s := range f.Schedules {
		key := fmt.Sprintf("schedules[%d]", i)
		name := strings.TrimSpace(s.Name)
		if name == "" {
			return nil, fail(key+".name", "namn saknas")
		}
		if seen[plan.Fold(name)] {
			return nil, fail(key+".name", "%q finns redan", name)
		}
		seen[plan.Fold(name)] = true
		spec, msg := cronSpec(s.Cron, zone)
		if msg != "" {
			return nil, fail(key+".cron", "%s", msg)
		}
		a, err := plan.ParseAudience(s.Audience)
		if err != nil || a == plan.AudiencePlan {
			return nil, fail(key+".audience", "%q är ogiltigt; använd kr, rsl eller svn", s.Audience)
		}
		sc := Schedule{Name: name, Cron: strings.TrimSpace(s.Cron), Spec: spec, Audience: a}
		if sc.Forum, err = c.forumFor(a, s.Forum); err != nil {
			return nil, fail(key+".forum", "%v", err)
		}
		c.Schedules = append(c.Schedules, sc)
	}

	for _, l := range []struct {
		key string
		v   int
		dst *int64
	}{
		{"limits.max_file_mb", f.Limits.MaxFileMB, &c.Limits.MaxFileBytes},
		{"limits.max_unzipped_mb", f.Limits.MaxUnzippedMB, &c.Limits.MaxUnzippedBytes},
	} {
		if l.v < 0 || l.v > 4096 {
			return nil, fail(l.key, "%d är utanför 0–4096", l.v)
		}
		if l.v > 0 {
			*l.dst = int64(l.v) << 20
		}
	}
	if n := f.Limits.MaxZipEntries; n < 0 || n > 1_000_000 {
		return nil, fail("limits.max_zip_entries", "%d är utanför 0–1000000", n)
	} else if n > 0 {
		c.Limits.MaxZipEntries = n
	}
	if s := f.Inbox.SettleSeconds; s != nil {
		if *s < 0 || *s > 3600 {
			return nil, fail("inbox.settle_seconds", "%v är utanför 0–3600", *s)
		}
		c.Settle = time.Duration(*s * float64(time.Second))
	}
	if err := parseServer(&c.Server, f, fail); err != nil {
		return nil, err
	}
	var err error
	if c.Auth, err = parseAuth(f.Auth, fail); err != nil {
		return nil, err
	}
	if err := c.parseReminders(&f, fail); err != nil {
		return nil, err
	}
	if c.Publication, err = parsePublication(f.Publication.Hide, fail); err != nil {
		return nil, err
	}
	return c, nil
}

func parseServer(c *Server, f file, fail func(key, format string, args ...any) error) error {
	*c = DefaultServer
	srv := f.Server
	if a := strings.TrimSpace(srv.Addr); a != "" {
		host, port, err := net.SplitHostPort(a)
		if err != nil || port == "" {
			return fail("server.addr", "%q är ingen adress; skriv VÄRD:PORT, t.ex. 127.0.0.1:8080 eller :8080", srv.Addr)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return fail("server.addr", "porten %q är ogiltig; använd 0–65535", port)
		}
		c.Addr = net.JoinHostPort(host, port)
	}
	if u := strings.TrimRight(strings.TrimSpace(srv.BaseURL), "/"); u != "" {
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return fail("server.base_url", "%q är ingen webbadress; skriv t.ex. https://handlingsplaner.example.se", srv.BaseURL)
		}
		c.BaseURL = u
	}
	if n := srv.MaxUploadMB; n != nil {
		if *n < 1 || *n > 4096 {
			return fail("server.max_upload_mb", "%d är utanför 1–4096", *n)
		}
		c.MaxUploadBytes = int64(*n) << 20
	}
	if n := srv.ShutdownGraceSeconds; n != nil {
		if *n < 0 || *n > 3600 {
			return fail("server.shutdown_grace_seconds", "%d är utanför 0–3600", *n)
		}
		c.ShutdownGrace = time.Duration(*n) * time.Second
	}
	return nil
}

// parseClock reads a time of day written TT:MM (or T:MM).
func parseClock(s string) (Clock, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return Clock{}, false
	}
	return Clock{t.Hour(), t.Minute()}, true
}

// loadZone loads an IANA zone by name; "Local" and "UTC" are refused as names of
// no place, so that a configuration means the same on every machine.
func loadZone(name string) (*time.Location, error) {
	if name == "Local" || name == "" {
		return nil, fmt.Errorf("zone %q", name)
	}
	return time.LoadLocation(name)
}

// cronSpec checks a schedule's cron expression and returns it with CRON_TZ= of the
// configured zone when it names none, or a Swedish message saying what is wrong.
func cronSpec(expr, zone string) (spec, msg string) {
	fields := strings.Fields(expr)
	tz := ""
	if len(fields) > 0 && (strings.HasPrefix(fields[0], "CRON_TZ=") || strings.HasPrefix(fields[0], "TZ=")) {
		tz = fields[0][strings.IndexByte(fields[0], '=')+1:]
		fields = fields[1:]
		if _, err := loadZone(tz); err != nil {
			return "", fmt.Sprintf("%q är ingen känd tidszon; skriv t.ex. CRON_TZ=Europe/Stockholm", tz)
		}
	}
	if len(fields) != 5 {
		return "", fmt.Sprintf("%q ska ha fem fält (minut timme dag månad veckodag), gärna med CRON_TZ=zon först", expr)
	}
	if tz == "" {
		tz = zone
	}
	spec = "CRON_TZ=" + tz + " " + strings.Join(fields, " ")
	if _, err := ParseCron(spec); err != nil {
		return "", fmt.Sprintf("%q är inget giltigt cron-uttryck (minut 0–59, timme 0–23, dag 1–31, månad 1–12, veckodag 0–6)", expr)
	}
	return spec, ""
}

// forumFor resolves the forum of a meeting to its canonical name: required for
// kunskapsråd, absent otherwise.
func (c *Config) forumFor(a plan.Audience, name string) (string, error) {
	if a != plan.AudienceKR {
		if strings.TrimSpace(name) != "" {
			return "", fmt.Errorf("forum anges bara för kr-möten")
		}
		return "", nil
	}
	f, ok := c.Council(name)
	if !ok {
		return "", fmt.Errorf("okänt kunskapsråd %q; välj ett av: %s", name, strings.Join(c.Councils(), ", "))
	}
	return f.Name, nil
}

// Council finds a knowledge council by any of the names Catalog.Forum knows; the
// result is a copy, so that nothing can depend on where it lives.
func (c *Config) Council(name string) (plan.Forum, bool) {
	f, ok := c.Catalog.Forum(name)
	if !ok || f.Kind != plan.ForumKR {
		return plan.Forum{}, false
	}
	return *f, true
}

// Councils lists the short names of the knowledge councils.
func (c *Config) Councils() []string {
	var out []string
	for _, f := range c.Catalog.Forums {
		if f.Kind == plan.ForumKR {
			out = append(out, f.Short)
		}
	}
	return out
}

// NextMeeting returns the first meeting of the audience (and of the council named
// forum, for KR; empty: any) on or after day, and whether there is one.
func (c *Config) NextMeeting(a plan.Audience, forum string, day time.Time) (Meeting, bool) {
	day = truncDay(day)
	for _, m := range c.sortedMeetings() {
		if m.Audience == a && (forum == "" || m.Forum == forum) && !m.Date.Before(day) {
			return m, true
		}
	}
	return Meeting{}, false
}

// PreviousMeeting returns the last meeting of the same audience and forum before m.
// Meetings are matched by forum name, so a Meeting from another load of the same
// configuration (a reload) finds the same previous meeting.
func (c *Config) PreviousMeeting(m Meeting) (Meeting, bool) {
	var prev Meeting
	found := false
	for _, x := range c.sortedMeetings() {
		if x.Audience == m.Audience && x.Forum == m.Forum && x.Date.Before(m.Date) {
			prev, found = x, true
		}
	}
	return prev, found
}

// DeadlineOf is the last day to submit a plan for meeting m: its own deadline when
// the calendar gives one, otherwise DeadlineDays before the meeting. Plans received
// during that day are in time.
func (c *Config) DeadlineOf(m Meeting) time.Time {
	if !m.Deadline.IsZero() {
		return m.Deadline
	}
	return truncDay(m.Date).AddDate(0, 0, -c.DeadlineDays)
}

func (c *Config) sortedMeetings() []Meeting {
	out := append([]Meeting(nil), c.Meetings...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Date.Before(out[j-1].Date); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func truncDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(s)
	}
	return out
}
