package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/build"
	"handlingsplan/config"
	"handlingsplan/schedule"
	"handlingsplan/store"
)

var sthlm = mustZone("Europe/Stockholm")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func local(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, sthlm)
}

// newConfig parses a small configuration with the given calendar, lead_days and
// schedules (YAML list items, one a line), as config.yaml would hold them.
func newConfig(t *testing.T, leadDays int, meetings, schedules []string) *config.Config {
	t.Helper()
	var b strings.Builder
	b.WriteString(`patient_promises: [{id: P1, title: Du får en jämlik vård}]
forums:
  - {name: Kunskapsråd Medicin, short: Medicin, kind: kr, areas: [RPO Hjärt- och kärlsjukdomar, RPO Endokrina sjukdomar]}
  - {name: Kunskapsråd Kirurgi och cancer, short: Kirurgi och cancer, kind: kr, areas: [RPO Cancersjukdomar]}
  - {name: Regionsjukvårdsledningen, short: RSL, kind: rsl, areas: [RSG Patientsäkerhet]}
`)
	fmt.Fprintf(&b, "lead_days: %d\nmeetings:\n", leadDays)
	for _, m := range meetings {
		b.WriteString("  - " + m + "\n")
	}
	if len(schedules) > 0 {
		b.WriteString("schedules:\n")
		for _, s := range schedules {
			b.WriteString("  - " + s + "\n")
		}
	}
	c, err := config.Parse(strings.NewReader(b.String()), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// queue stands in for the build queue's Submit: it records what was asked and when.
type queue struct {
	mu   sync.Mutex
	got  []string
	fail error
}

func (q *queue) Enqueue(_ context.Context, r build.Request) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fail != nil {
		return q.fail
	}
	if r.By != schedule.By {
		return fmt.Errorf("By = %q", r.By)
	}
	q.got = append(q.got, describe(time.Now(), r))
	return nil
}

func (q *queue) take() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	got := q.got
	q.got = nil
	return got
}

// describe is e.g. "2026-11-26 06:00 CET schemalagd kr Kunskapsråd Medicin 2026-12-03".
func describe(at time.Time, r build.Request) string {
	s := at.In(sthlm).Format("2006-01-02 15:04 MST") + " " + r.Reason + " " + r.Audience
	for _, f := range []string{r.Forum, r.Plan} {
		if f != "" {
			s += " " + f
		}
	}
	if !r.Meeting.IsZero() {
		s += " " + r.Meeting.Format("2006-01-02")
	}
	return s
}

func sleepUntil(t time.Time) { time.Sleep(time.Until(t)) }

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// running starts the scheduler's Run in the bubble; stop cancels it and checks that
// it stopped cleanly.
func running(t *testing.T, s *schedule.Scheduler) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	synctest.Wait()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v, want nil after cancel", err)
		}
	}
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s\n got:\n  %s\n want:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestMeetingBuiltOnTime is the issue's "a meeting in the calendar gets its package
// on time": with the fake clock of testing/synctest the service runs for days, and
// the meeting's build is handed to the queue exactly lead_days before it at 06:00.
func TestMeetingBuiltOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := newConfig(t, 7, []string{"{audience: kr, forum: Medicin, date: 2026-12-03}"}, nil)
		st := openStore(t, filepath.Join(t.TempDir(), "handlingsplan.db"))
		defer st.Close()
		q := &queue{}
		s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Enqueue: q.Enqueue})
		if err != nil {
			t.Fatal(err)
		}
		sleepUntil(local(2026, 11, 20, 9, 0))
		stop := running(t, s)
		defer stop()

		sleepUntil(local(2026, 11, 26, 5, 59))
		synctest.Wait()
		equal(t, "before 06:00 on 26 November", q.take(), nil)
		sleepUntil(local(2026, 11, 26, 6, 1))
		synctest.Wait()
		equal(t, "by 06:01", q.take(), []string{"2026-11-26 06:00 CET schemalagd kr Kunskapsråd Medicin 2026-12-03"})
		sleepUntil(local(2026, 12, 5, 0, 0))
		synctest.Wait()
		equal(t, "after the meeting", q.take(), nil)
	})
}

// TestDaylightSaving runs the service across both daylight-saving changes of 2027
// with a cron at 02:30 (which does not exist on 28 March and happens twice on 31
// October) and meeting builds at 06:00 on the day before, the day of and the day
// after each change: every run happens once, none is skipped.
func TestDaylightSaving(t *testing.T) {
	tests := []struct {
		name     string
		meetings []string
		from, to time.Time
		want     []string
	}{
		{"SpringForward", []string{
			"{audience: kr, forum: Medicin, date: 2027-03-28}",
			"{audience: kr, forum: Kirurgi och cancer, date: 2027-03-29}",
			"{audience: rsl, date: 2027-03-30}",
		}, local(2027, 3, 26, 12, 0), local(2027, 3, 30, 0, 0), []string{
			"2027-03-27 02:30 CET schemalagd rsl",
			"2027-03-27 06:00 CET schemalagd kr Kunskapsråd Medicin 2027-03-28",
			"2027-03-28 03:00 CEST schemalagd rsl", // 02:30 was skipped by the clocks: run as they jump
			"2027-03-28 06:00 CEST schemalagd kr Kunskapsråd Kirurgi och cancer 2027-03-29",
			"2027-03-29 02:30 CEST schemalagd rsl",
			"2027-03-29 06:00 CEST schemalagd rsl 2027-03-30",
		}},
		{"FallBack", []string{
			"{audience: kr, forum: Medicin, date: 2027-10-31}",
			"{audience: svn, date: 2027-11-01}",
			"{audience: rsl, date: 2027-11-02}",
		}, local(2027, 10, 29, 12, 0), local(2027, 11, 2, 0, 0), []string{
			"2027-10-30 02:30 CEST schemalagd rsl",
			"2027-10-30 06:00 CEST schemalagd kr Kunskapsråd Medicin 2027-10-31",
			"2027-10-31 02:30 CEST schemalagd rsl", // once, not again at 02:30 CET
			"2027-10-31 06:00 CET schemalagd svn 2027-11-01",
			"2027-11-01 02:30 CET schemalagd rsl",
			"2027-11-01 06:00 CET schemalagd rsl 2027-11-02",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := newConfig(t, 1, tt.meetings, []string{`{name: Natt-RSL, cron: "30 2 * * *", audience: rsl}`})
				st := openStore(t, filepath.Join(t.TempDir(), "handlingsplan.db"))
				defer st.Close()
				q := &queue{}
				s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Enqueue: q.Enqueue})
				if err != nil {
					t.Fatal(err)
				}
				sleepUntil(tt.from)
				stop := running(t, s)
				sleepUntil(tt.to)
				synctest.Wait()
				stop()
				equal(t, "runs", q.take(), tt.want)
			})
		})
	}
}

// TestCatchUpOnce stops and restarts the service (with its store reopened) around
// builds it misses: each is caught up once at the next start, never again.
func TestCatchUpOnce(t *testing.T) {
	steps := []struct {
		name        string
		start, stop time.Time
		want        []string
	}{
		{"FirstStart", local(2026, 11, 20, 12, 0), local(2026, 11, 23, 12, 0), []string{
			// RSL's build time (17 November) passed before the first start, its meeting has not.
			"2026-11-20 12:00 CET ikapp efter avbrott rsl 2026-11-24",
			// The schedule's Monday 16 November was before the first start: not missed.
			"2026-11-23 06:00 CET schemalagd rsl",
		}},
		{"DownOverABuild", local(2026, 11, 30, 9, 0), local(2026, 11, 30, 10, 0), []string{
			"2026-11-30 09:00 CET ikapp efter avbrott kr Kunskapsråd Medicin 2026-12-03", // due 26 November
			"2026-11-30 09:00 CET ikapp efter avbrott rsl",                               // Monday 30 November 06:00, once
		}},
		{"RestartAgain", local(2026, 11, 30, 10, 30), local(2026, 11, 30, 11, 0), nil},
		{"DownPastAMeeting", local(2026, 12, 11, 8, 0), local(2026, 12, 11, 9, 0), []string{
			// Kirurgi och cancer met on 8 December: its build (due 1 December) is not made afterwards.
			"2026-12-11 08:00 CET ikapp efter avbrott rsl",            // Monday 7 December, not also 30 November
			"2026-12-11 08:00 CET ikapp efter avbrott rsl 2026-12-17", // due 10 December
		}},
		{"RestartOnceMore", local(2026, 12, 11, 9, 30), local(2026, 12, 11, 10, 0), nil},
	}
	synctest.Test(t, func(t *testing.T) {
		cfg := newConfig(t, 7, []string{
			"{audience: rsl, date: 2026-11-24}",
			"{audience: kr, forum: Medicin, date: 2026-12-03}",
			"{audience: kr, forum: Kirurgi och cancer, date: 2026-12-08}",
			"{audience: rsl, date: 2026-12-17}",
		}, []string{`{name: Veckoöversikt RSL, cron: "0 6 * * 1", audience: rsl}`})
		path := filepath.Join(t.TempDir(), "handlingsplan.db")
		q := &queue{}
		for _, step := range steps {
			st := openStore(t, path)
			s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Enqueue: q.Enqueue})
			if err != nil {
				t.Fatal(err)
			}
			sleepUntil(step.start)
			stop := running(t, s)
			sleepUntil(step.stop)
			synctest.Wait()
			stop()
			st.Close()
			equal(t, step.name, q.take(), step.want)
		}
	})
}

// TestEnqueueFailureCaughtUp: a build the queue refused is not counted as done, so
// the next start catches it up.
func TestEnqueueFailureCaughtUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := newConfig(t, 7, []string{"{audience: svn, date: 2027-01-21}"}, nil)
		path := filepath.Join(t.TempDir(), "handlingsplan.db")
		q := &queue{fail: apperr.New(apperr.Unavailable, "Kön tar inte emot fler byggen just nu.")}
		starts := []struct {
			start, stop time.Time
			want        []string
		}{
			{local(2027, 1, 14, 5, 0), local(2027, 1, 14, 6, 30), nil}, // due 06:00, refused
			{local(2027, 1, 14, 8, 0), local(2027, 1, 14, 9, 30), []string{"2027-01-14 08:00 CET ikapp efter avbrott svn 2027-01-21"}},
		}
		for i, run := range starts {
			st := openStore(t, path)
			s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Enqueue: q.Enqueue})
			if err != nil {
				t.Fatal(err)
			}
			sleepUntil(run.start)
			stop := running(t, s)
			sleepUntil(run.stop)
			synctest.Wait()
			stop()
			st.Close()
			q.mu.Lock()
			q.fail = nil
			q.mu.Unlock()
			equal(t, fmt.Sprintf("start %d", i+1), q.take(), run.want)
		}
	})
}

// TestRunShared: one Run at a time, while the web page asks for Upcoming and the
// inbox reports changed plans from other goroutines (run with -race).
func TestRunShared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := openStore(t, filepath.Join(t.TempDir(), "handlingsplan.db"))
		defer st.Close()
		q := &queue{}
		cfg := newConfig(t, 7, []string{"{audience: kr, forum: Medicin, date: 2026-12-03}"},
			[]string{`{name: Veckoöversikt RSL, cron: "0 6 * * 1", audience: rsl}`})
		s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Enqueue: q.Enqueue})
		if err != nil {
			t.Fatal(err)
		}
		sleepUntil(local(2026, 11, 25, 12, 0))
		stop := running(t, s)
		if err := s.Run(context.Background()); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second Run = %v, want a conflict", err)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 10 {
					if got := s.Upcoming(3); len(got) != 3 {
						t.Errorf("Upcoming(3) = %d builds", len(got))
					}
					if err := s.PlanChanged(context.Background(), "RPO Endokrina sjukdomar"); err != nil {
						t.Error(err)
					}
					time.Sleep(3 * time.Hour) // ten rounds: past 26 November 06:00
				}
			})
		}
		wg.Wait()
		stop()
		var scheduled, changed int
		for _, g := range q.take() {
			switch {
			case strings.Contains(g, "schemalagd"):
				scheduled++
			case strings.Contains(g, "ändrad plan"):
				changed++
			}
		}
		// The meeting build at 26 November 06:00; each of 40 changes asks for its Plan package,
		// the 16 from 06:00 on also for the meeting.
		if scheduled != 1 || changed != 56 {
			t.Errorf("%d scheduled and %d changed-plan requests, want 1 and 56", scheduled, changed)
		}
	})
}

func TestPlanChanged(t *testing.T) {
	cfg := newConfig(t, 7, []string{
		"{audience: kr, forum: Medicin, date: 2026-12-03}",
		"{audience: kr, forum: Kirurgi och cancer, date: 2026-12-04}",
		"{audience: rsl, date: 2026-12-17}",
		"{audience: svn, date: 2027-01-21}",
	}, nil)
	tests := []struct {
		name string
		plan string
		now  time.Time
		want []string
	}{
		{"BeforeAnyBuild", "Hjärt- och kärlsjukdomar", local(2026, 11, 20, 10, 0), []string{
			"ändrad plan: RPO Hjärt- och kärlsjukdomar plan RPO Hjärt- och kärlsjukdomar",
		}},
		{"AfterItsCouncilsBuild", "rpo hjärt- och kärlsjukdomar", local(2026, 11, 27, 10, 0), []string{
			"ändrad plan: RPO Hjärt- och kärlsjukdomar kr Kunskapsråd Medicin 2026-12-03",
			"ändrad plan: RPO Hjärt- och kärlsjukdomar plan RPO Hjärt- och kärlsjukdomar",
		}},
		{"AtTheBuildTime", "RPO Endokrina sjukdomar", local(2026, 11, 26, 6, 0), []string{
			"ändrad plan: RPO Endokrina sjukdomar kr Kunskapsråd Medicin 2026-12-03",
			"ändrad plan: RPO Endokrina sjukdomar plan RPO Endokrina sjukdomar",
		}},
		{"OtherCouncil", "RPO Cancersjukdomar", local(2026, 11, 28, 10, 0), []string{
			"ändrad plan: RPO Cancersjukdomar kr Kunskapsråd Kirurgi och cancer 2026-12-04",
			"ändrad plan: RPO Cancersjukdomar plan RPO Cancersjukdomar",
		}},
		{"OnTheMeetingDay", "RPO Hjärt- och kärlsjukdomar", local(2026, 12, 3, 0, 0), []string{
			"ändrad plan: RPO Hjärt- och kärlsjukdomar plan RPO Hjärt- och kärlsjukdomar",
		}},
		{"AfterRSLBuild", "RPO Hjärt- och kärlsjukdomar", local(2026, 12, 11, 10, 0), []string{
			"ändrad plan: RPO Hjärt- och kärlsjukdomar rsl 2026-12-17",
			"ändrad plan: RPO Hjärt- och kärlsjukdomar plan RPO Hjärt- och kärlsjukdomar",
		}},
		{"RSGPlanNotInACouncil", "Patientsäkerhet", local(2026, 11, 27, 10, 0), []string{
			"ändrad plan: RSG Patientsäkerhet plan RSG Patientsäkerhet",
		}},
		{"RSGPlanInRSL", "RSG Patientsäkerhet", local(2026, 12, 16, 23, 59), []string{
			"ändrad plan: RSG Patientsäkerhet rsl 2026-12-17",
			"ändrad plan: RSG Patientsäkerhet plan RSG Patientsäkerhet",
		}},
	}
	st := openStore(t, ":memory:")
	defer st.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			enqueue := func(_ context.Context, r build.Request) error {
				got = append(got, strings.TrimPrefix(describe(tt.now, r), tt.now.In(sthlm).Format("2006-01-02 15:04 MST ")))
				return nil
			}
			s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Enqueue: enqueue, Now: func() time.Time { return tt.now }})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.PlanChanged(context.Background(), tt.plan); err != nil {
				t.Fatal(err)
			}
			equal(t, "requests", got, tt.want)
		})
	}
	t.Run("UnknownPlan", func(t *testing.T) {
		s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Enqueue: func(context.Context, build.Request) error { return nil }})
		if err != nil {
			t.Fatal(err)
		}
		err = s.PlanChanged(context.Background(), "RPO Ortopedi")
		if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), `"RPO Ortopedi"`) {
			t.Errorf("PlanChanged(unknown) = %v, want invalid naming the plan", err)
		}
	})
	t.Run("QueueFails", func(t *testing.T) {
		full := errors.New("kön är full")
		s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Now: func() time.Time { return local(2026, 11, 27, 10, 0) },
			Enqueue: func(context.Context, build.Request) error { return full }})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.PlanChanged(context.Background(), "RPO Cancersjukdomar"); !errors.Is(err, full) {
			t.Errorf("PlanChanged with a failing queue = %v, want %v", err, full)
		}
	})
}

func TestUpcoming(t *testing.T) {
	cfg := newConfig(t, 3, []string{
		"{audience: rsl, date: 2026-12-17}",
		"{audience: kr, forum: Medicin, date: 2026-12-03}",
		"{audience: svn, date: 2027-01-21}",
		"{audience: kr, forum: Kirurgi och cancer, date: 2027-03-30}",
		"{audience: kr, forum: Medicin, date: 2027-04-01}",
	}, []string{
		`{name: Veckoöversikt RSL, cron: "0 6 * * 1", audience: rsl}`,
		`{name: Kirurgi i april, cron: "CRON_TZ=UTC 0 12 1 4 *", audience: kr, forum: Kirurgi och cancer}`,
	})
	tests := []struct {
		name string
		now  time.Time
		n    int
		want []string
	}{
		{"AsTheSpecSaysIt", local(2026, 11, 27, 12, 0), 5, []string{
			"måndag 30 november kl. 06:00: Kunskapsråd Medicin inför mötet 3 december",
			"måndag 30 november kl. 06:00: Regionsjukvårdsledningen enligt schemat Veckoöversikt RSL",
			"måndag 7 december kl. 06:00: Regionsjukvårdsledningen enligt schemat Veckoöversikt RSL",
			"måndag 14 december kl. 06:00: Regionsjukvårdsledningen inför mötet 17 december",
			"måndag 14 december kl. 06:00: Regionsjukvårdsledningen enligt schemat Veckoöversikt RSL",
		}},
		{"NextYearSaysTheYear", local(2027, 1, 12, 12, 0), 2, []string{
			"måndag 18 januari kl. 06:00: Samverkansnämnden inför mötet 21 januari",
			"måndag 18 januari kl. 06:00: Regionsjukvårdsledningen enligt schemat Veckoöversikt RSL",
		}},
		{"FromDecember", local(2026, 12, 29, 12, 0), 1, []string{
			"måndag 4 januari 2027 kl. 06:00: Regionsjukvårdsledningen enligt schemat Veckoöversikt RSL",
		}},
		{"SixOClockOnBothSidesOfTheChange", local(2027, 3, 26, 12, 0), 4, []string{
			"lördag 27 mars kl. 06:00: Kunskapsråd Kirurgi och cancer inför mötet 30 mars",
			"måndag 29 mars kl. 06:00: Kunskapsråd Medicin inför mötet 1 april",
			"måndag 29 mars kl. 06:00: Regionsjukvårdsledningen enligt schemat Veckoöversikt RSL",
			"torsdag 1 april kl. 14:00: Kunskapsråd Kirurgi och cancer enligt schemat Kirurgi i april",
		}},
		{"None", local(2026, 11, 27, 12, 0), 0, nil},
	}
	st := openStore(t, ":memory:")
	defer st.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Now: func() time.Time { return tt.now },
				Enqueue: func(context.Context, build.Request) error { return nil }})
			if err != nil {
				t.Fatal(err)
			}
			got := s.Upcoming(tt.n)
			var labels []string
			for i, p := range got {
				labels = append(labels, p.Label)
				if !p.At.After(tt.now) || (i > 0 && p.At.Before(got[i-1].At)) || p.At.Location().String() != "Europe/Stockholm" {
					t.Errorf("Upcoming[%d].At = %v: not after now, in order and in Europe/Stockholm", i, p.At)
				}
				if p.Request.Reason != schedule.ReasonScheduled || p.Request.By != schedule.By {
					t.Errorf("Upcoming[%d].Request = %+v, want a scheduled request", i, p.Request)
				}
			}
			equal(t, "labels", labels, tt.want)
		})
	}
}

func TestNewRefuses(t *testing.T) {
	cfg := newConfig(t, 7, nil, nil)
	st := openStore(t, ":memory:")
	defer st.Close()
	enqueue := func(context.Context, build.Request) error { return nil }
	bad := *cfg
	bad.Schedules = []config.Schedule{{Name: "Trasig", Cron: "varje måndag", Audience: "rsl"}}
	tests := []struct {
		name string
		opts schedule.Options
		want string
	}{
		{"NoConfig", schedule.Options{Memory: st, Enqueue: enqueue}, "Config"},
		{"NoMemory", schedule.Options{Config: cfg, Enqueue: enqueue}, "Memory"},
		{"NoEnqueue", schedule.Options{Config: cfg, Memory: st}, "Enqueue"},
		{"BadCron", schedule.Options{Config: &bad, Memory: st, Enqueue: enqueue}, "Trasig"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := schedule.New(tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want an error naming %s", err, tt.want)
			}
		})
	}
}

func TestDecisionsChanged(t *testing.T) {
	cfg := newConfig(t, 7, []string{
		"{audience: kr, forum: Medicin, date: 2026-12-03}",
		"{audience: kr, forum: Kirurgi och cancer, date: 2026-12-04}",
		"{audience: rsl, date: 2026-12-17}",
		"{audience: svn, date: 2026-12-10}",
	}, nil)
	const reason = "ändrade beslut: RPO Hjärt- och kärlsjukdomar "
	tests := []struct {
		name string
		now  time.Time
		want []string
	}{
		{"BeforeAnyBuild", local(2026, 11, 20, 10, 0), nil},
		{"AfterCouncilAndSVNBuilds", local(2026, 12, 4, 10, 0), []string{reason + "svn 2026-12-10"}},
		{"AfterSVNMeeting", local(2026, 12, 11, 10, 0), []string{reason + "rsl 2026-12-17", reason + "svn 2026-12-10"}},
		{"AfterAll", local(2027, 1, 11, 10, 0), []string{reason + "rsl 2026-12-17", reason + "svn 2026-12-10"}},
	}
	st := openStore(t, ":memory:")
	defer st.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			enqueue := func(_ context.Context, r build.Request) error {
				got = append(got, strings.TrimPrefix(describe(tt.now, r), tt.now.In(sthlm).Format("2006-01-02 15:04 MST ")))
				return nil
			}
			s, err := schedule.New(schedule.Options{Config: cfg, Memory: st, Enqueue: enqueue, Now: func() time.Time { return tt.now }})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.DecisionsChanged(context.Background(), []string{"hjärt- och kärlsjukdomar", "RPO Ortopedi"}); err != nil {
				t.Fatal(err)
			}
			equal(t, "requests", got, tt.want)
		})
	}
}
