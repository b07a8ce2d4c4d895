// Package schedule turns the meeting calendar and the extra cron schedules of the
// configuration into builds (SPEC §5 "Schedule"). It hands each build to the build
// queue when it is due, catches up once at start-up on a build missed while the
// service was down, and asks for a meeting's package again when a plan in its
// scope changes before the meeting.
//
// Every time is computed in the configured zone (default Europe/Stockholm) from
// names and dates, never from the wall clock's offset, so daylight-saving changes
// neither skip nor double a run. The configuration is read, never changed.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	_ "time/tzdata" // Europe/Stockholm must load on Windows and minimal machines

	"github.com/robfig/cron/v3"

	"handlingsplan/apperr"
	"handlingsplan/build"
	"handlingsplan/config"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
)

// The Reason and By of the requests the scheduler makes, as the run history shows them.
const (
	ReasonScheduled   = "schemalagd"
	ReasonCatchUp     = "ikapp efter avbrott"
	ReasonPlanChanged = "ändrad plan: " // followed by the plan's name
	By                = "schemaläggaren"
)

// maxWait bounds one sleep, so that a wall clock set forward or a machine waking
// from suspend is noticed within a minute, not at the old timer's end.
const maxWait = time.Minute

// Memory is the store's record of scheduled builds that were handed to the queue;
// *store.Store has it.
type Memory interface {
	RecordScheduled(ctx context.Context, b store.ScheduledBuild) (bool, error)
	LastScheduled(ctx context.Context, job string) (store.ScheduledBuild, bool, error)
	SchedulerFirstStart(ctx context.Context, now time.Time) (time.Time, error)
}

var _ Memory = (*store.Store)(nil)

// Options are what a Scheduler needs; Config, Memory and Enqueue are required.
type Options struct {
	Config  *config.Config
	Memory  Memory
	Enqueue func(ctx context.Context, r build.Request) error // hands a build to the queue; should not wait for it
	Log     *slog.Logger                                     // optional
	Now     func() time.Time                                 // optional, for tests; the timers sleep in real time
}

// Planned is a coming build.
type Planned struct {
	At      time.Time // in the configured zone
	Request build.Request
	Label   string // plain Swedish, e.g. "måndag 30 november kl. 06:00: Kunskapsråd Medicin inför mötet 3 december"
}

// Scheduler computes and starts the scheduled builds.
type Scheduler struct {
	enqueue  func(context.Context, build.Request) error
	mem      Memory
	log      *slog.Logger
	now      func() time.Time
	zone     *time.Location
	catalog  *plan.Catalog
	meetings []meetingBuild // by build time
	crons    []cronBuild    // in configuration order
	running  atomic.Bool
}

// meetingBuild is the one scheduled build of a meeting.
type meetingBuild struct {
	job      string    // store key, by names: "möte kr Kunskapsråd Medicin 2026-12-03"
	at       time.Time // lead_days before the meeting at build_time, in the zone
	day      time.Time // the meeting day's start, in the zone
	audience plan.Audience
	forum    string // the council's name for kr, else empty
	req      build.Request
}

// deadline is when a missed build of the meeting is no longer worth making: the end
// of the meeting day.
func (m meetingBuild) deadline() time.Time { return m.day.AddDate(0, 0, 1) }

// cronBuild is one extra schedule.
type cronBuild struct {
	job   string // store key: "schema " + name
	name  string
	times cronTimes
	req   build.Request
}

// New computes the builds of the configuration. It refuses nil dependencies and
// schedules that do not parse.
func New(opts Options) (*Scheduler, error) {
	switch {
	case opts.Config == nil:
		return nil, errors.New("schedule: Config saknas")
	case opts.Memory == nil:
		return nil, errors.New("schedule: Memory saknas")
	case opts.Enqueue == nil:
		return nil, errors.New("schedule: Enqueue saknas")
	}
	cfg := opts.Config
	s := &Scheduler{enqueue: opts.Enqueue, mem: opts.Memory, log: opts.Log, now: opts.Now,
		zone: cfg.Zone, catalog: &cfg.Catalog}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.zone == nil {
		loc, err := time.LoadLocation(config.DefaultZone)
		if err != nil {
			return nil, fmt.Errorf("schedule: %w", err)
		}
		s.zone = loc
	}
	for _, m := range cfg.Meetings {
		y, mo, d := m.Date.Date()
		mb := meetingBuild{
			at:       time.Date(y, mo, d-cfg.LeadDays, cfg.BuildTime.Hour, cfg.BuildTime.Minute, 0, 0, s.zone),
			day:      time.Date(y, mo, d, 0, 0, 0, 0, s.zone),
			audience: m.Audience,
			req:      build.Request{Audience: string(m.Audience), Meeting: m.Date, Reason: ReasonScheduled, By: By},
		}
		mb.job = "möte " + string(m.Audience)
		if m.Audience == plan.AudienceKR && m.Forum != "" {
			mb.forum = m.Forum
			mb.req.Forum = m.Forum
			mb.job += " " + m.Forum
		}
		mb.job += " " + mb.day.Format("2006-01-02")
		s.meetings = append(s.meetings, mb)
	}
	slices.SortStableFunc(s.meetings, func(a, b meetingBuild) int { return a.at.Compare(b.at) })
	for i, sc := range cfg.Schedules {
		spec := sc.Spec
		if spec == "" {
			spec = "CRON_TZ=" + s.zone.String() + " " + sc.Cron
		}
		parsed, err := config.ParseCron(spec)
		if err != nil {
			return nil, fmt.Errorf("schedule: schedules[%d] %q: %w", i, sc.Name, err)
		}
		ss, ok := parsed.(*cron.SpecSchedule)
		if !ok {
			return nil, fmt.Errorf("schedule: schedules[%d] %q: not a cron expression", i, sc.Name)
		}
		cb := cronBuild{job: "schema " + sc.Name, name: sc.Name, times: cronTimes{ss},
			req: build.Request{Audience: string(sc.Audience), Reason: ReasonScheduled, By: By}}
		if sc.Audience == plan.AudienceKR {
			cb.req.Forum = sc.Forum
		}
		s.crons = append(s.crons, cb)
	}
	return s, nil
}

// Upcoming lists the next n builds, soonest first: meeting builds and extra
// schedules together.
func (s *Scheduler) Upcoming(n int) []Planned {
	if n <= 0 {
		return nil
	}
	now := s.now().In(s.zone)
	var out []Planned
	for _, m := range s.meetings {
		if m.at.After(now) {
			out = append(out, s.plannedMeeting(m, now))
			if len(out) == n {
				break // meetings are sorted; later ones cannot come before these
			}
		}
	}
	for _, c := range s.crons {
		t := now
		for range n {
			if t = c.times.next(t); t.IsZero() {
				break
			}
			out = append(out, s.plannedCron(c, t.In(s.zone), now))
		}
	}
	slices.SortStableFunc(out, func(a, b Planned) int { return a.At.Compare(b.At) })
	return out[:min(n, len(out))]
}

func (s *Scheduler) plannedMeeting(m meetingBuild, now time.Time) Planned {
	what := s.meetingName(m.audience, m.forum) + " inför mötet " + s.dayMonth(m.day, now)
	return Planned{At: m.at, Request: m.req, Label: s.when(m.at, now) + ": " + what}
}

func (s *Scheduler) plannedCron(c cronBuild, at, now time.Time) Planned {
	what := s.meetingName(plan.Audience(c.req.Audience), c.req.Forum)
	return Planned{At: at, Request: c.req, Label: s.when(at, now) + ": " + what + " enligt schemat " + c.name}
}

// meetingName names who the package is for, as the web page says it.
func (s *Scheduler) meetingName(a plan.Audience, forum string) string {
	switch a {
	case plan.AudienceKR:
		if forum != "" {
			return forum
		}
		return "Kunskapsråd"
	case plan.AudienceRSL:
		return "Regionsjukvårdsledningen"
	case plan.AudienceSVN:
		return "Samverkansnämnden"
	}
	return a.Label()
}

// when is e.g. "måndag 30 november kl. 06:00".
func (s *Scheduler) when(at, now time.Time) string {
	at = at.In(s.zone)
	return report.Weekday(at) + " " + s.dayMonth(at, now) + " kl. " + at.Format("15:04")
}

// dayMonth is "3 december", with the year when it is not this year.
func (s *Scheduler) dayMonth(t, now time.Time) string {
	if t.In(s.zone).Year() != now.In(s.zone).Year() {
		return report.Date(t.In(s.zone))
	}
	return report.DayMonth(t.In(s.zone))
}

// PlanChanged asks again for the packages that a new version of the plan changes:
// the plan's own Plan package always, and the package of every meeting of the
// plan's council (kr) and of RSL (which holds every plan) whose scheduled build
// time has passed and whose day has not begun. SVN's package is left to its
// schedule: the agreement is prepared once a year, not per plan version.
func (s *Scheduler) PlanChanged(ctx context.Context, planName string) error {
	name, forum, ok := s.catalog.Area(planName)
	if !ok {
		return apperr.Newf(apperr.Invalid, "Okänd plan %q: den finns inte bland programområdena i konfigurationen.", planName)
	}
	reason := ReasonPlanChanged + name
	now := s.now()
	var reqs []build.Request
	for _, m := range s.meetings {
		inScope := m.audience == plan.AudienceRSL || (m.audience == plan.AudienceKR && m.forum == forum.Name)
		if inScope && !m.at.After(now) && now.Before(m.day) {
			r := m.req
			r.Reason = reason
			reqs = append(reqs, r)
		}
	}
	reqs = append(reqs, build.Request{Audience: string(plan.AudiencePlan), Plan: name, Reason: reason, By: By})
	var errs []error
	for _, r := range reqs {
		if err := s.enqueue(ctx, r); err != nil {
			s.log.Error("rebuild for changed plan not queued", "plan", name, "audience", r.Audience, "forum", r.Forum, "err", err)
			errs = append(errs, err)
			continue
		}
		s.log.Info("rebuild queued", "plan", name, "audience", r.Audience, "forum", r.Forum, "meeting", r.Meeting.Format("2006-01-02"))
	}
	return errors.Join(errs...)
}

// ReasonDecisions is the reason of the rebuilds after decisions on proposals
// changed, followed by the plans' names.
const ReasonDecisions = "ändrade beslut: "

// DecisionsChanged asks again for the packages that show the named plans'
// proposals with their decision trails: every meeting package of the plans'
// councils (kr), of RSL and of SVN whose scheduled build time has passed and
// whose day has not begun – as PlanChanged does, SVN included – and the
// packages of the latest RSL and SVN meetings already held, which the steps
// taken at those meetings complete. Unknown plans are left out.
func (s *Scheduler) DecisionsChanged(ctx context.Context, plans []string) error {
	var names []string
	councils := map[string]bool{}
	for _, p := range plans {
		name, forum, ok := s.catalog.Area(p)
		if !ok || slices.Contains(names, name) {
			continue
		}
		names = append(names, name)
		councils[forum.Name] = true
	}
	if len(names) == 0 {
		return nil
	}
	reason := ReasonDecisions + strings.Join(names, ", ")
	now := s.now()
	var reqs []build.Request
	held := map[plan.Audience]build.Request{}
	for _, m := range s.meetings {
		inScope := m.audience == plan.AudienceRSL || m.audience == plan.AudienceSVN || (m.audience == plan.AudienceKR && councils[m.forum])
		switch {
		case inScope && !m.at.After(now) && now.Before(m.day):
			r := m.req
			r.Reason = reason
			reqs = append(reqs, r)
		case (m.audience == plan.AudienceRSL || m.audience == plan.AudienceSVN) && !now.Before(m.day):
			r := m.req
			r.Reason = reason
			held[m.audience] = r // sorted by build time: the last one wins
		}
	}
	for _, a := range []plan.Audience{plan.AudienceRSL, plan.AudienceSVN} {
		if r, ok := held[a]; ok {
			reqs = append(reqs, r)
		}
	}
	var errs []error
	for _, r := range reqs {
		if err := s.enqueue(ctx, r); err != nil {
			s.log.Error("rebuild for changed decisions not queued", "plans", names, "audience", r.Audience, "err", err)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Run catches up once on what was missed while the service was down, then starts
// each build when it is due until ctx is done, and returns nil then. It returns an
// error only when it cannot start: the store does not answer, or Run is running.
func (s *Scheduler) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return apperr.New(apperr.Conflict, "Schemaläggaren körs redan.")
	}
	defer s.running.Store(false)
	now := s.now()
	first, err := s.mem.SchedulerFirstStart(ctx, now)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return apperr.Wrap(apperr.Internal, "Schemaläggaren kunde inte läsa vilka byggen som redan gjorts.", "schedule: start", err)
	}
	s.catchUp(ctx, now, first)
	cursor := now
	for {
		wait := maxWait
		if next, ok := s.nextAfter(cursor); ok {
			wait = min(wait, max(next.Sub(s.now()), 0))
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C:
		}
		now := s.now()
		if !now.After(cursor) {
			continue // the wall clock went back: what lies before cursor has been done
		}
		s.fireDue(ctx, cursor, now)
		cursor = now
	}
}

// nextAfter is the first build time after t.
func (s *Scheduler) nextAfter(t time.Time) (time.Time, bool) {
	var next time.Time
	for _, m := range s.meetings {
		if m.at.After(t) {
			next = m.at
			break
		}
	}
	for _, c := range s.crons {
		if n := c.times.next(t); !n.IsZero() && (next.IsZero() || n.Before(next)) {
			next = n
		}
	}
	return next, !next.IsZero()
}

// due is one build to hand to the queue.
type due struct {
	job     string
	at      time.Time
	req     build.Request
	meeting bool // a meeting is built once, whatever its due time; a schedule once per due time
}

// fireDue starts the builds due in (from, to]; a schedule due several times in it
// (a machine that slept) runs once, for its latest time.
func (s *Scheduler) fireDue(ctx context.Context, from, to time.Time) {
	var ds []due
	for _, m := range s.meetings {
		if m.at.After(from) && !m.at.After(to) && to.Before(m.deadline()) {
			ds = append(ds, due{m.job, m.at, m.req, true})
		}
	}
	for _, c := range s.crons {
		if at := c.latest(from, to); !at.IsZero() {
			ds = append(ds, due{c.job, at, c.req, false})
		}
	}
	slices.SortStableFunc(ds, func(a, b due) int { return a.at.Compare(b.at) })
	for _, d := range ds {
		s.fire(ctx, d, ReasonScheduled)
	}
}

// catchUp starts, once, each meeting build whose time passed while the service was
// down and whose meeting day has not ended, and each schedule's latest time in that
// gap. A schedule's times before the scheduler first ran on this store were not
// missed, only not yet configured, so a new installation does not run them all.
func (s *Scheduler) catchUp(ctx context.Context, now, first time.Time) {
	var ds []due
	for _, m := range s.meetings {
		if !m.at.After(now) && now.Before(m.deadline()) {
			ds = append(ds, due{m.job, m.at, m.req, true})
		}
	}
	for _, c := range s.crons {
		from := first
		last, ok, err := s.mem.LastScheduled(ctx, c.job)
		if err != nil {
			s.log.Error("scheduled build not checked", "job", c.job, "err", err)
			continue
		}
		if ok && last.Due.After(from) {
			from = last.Due
		}
		if yearAgo := now.AddDate(-1, 0, -1); from.Before(yearAgo) {
			from = yearAgo
		}
		if at := c.latest(from, now); !at.IsZero() {
			ds = append(ds, due{c.job, at, c.req, false})
		}
	}
	slices.SortStableFunc(ds, func(a, b due) int { return a.at.Compare(b.at) })
	for _, d := range ds {
		s.fire(ctx, d, ReasonCatchUp)
	}
}

// latest is the schedule's last time in (from, to], zero when there is none. It
// looks back from to in doubling windows, so that a schedule every minute after a
// long stop costs a few hundred steps, not one per minute of the stop.
func (c cronBuild) latest(from, to time.Time) time.Time {
	for w := time.Hour; ; w *= 2 {
		start := to.Add(-w)
		if !start.After(from) {
			return c.scan(from, to)
		}
		if t := c.scan(start, to); !t.IsZero() {
			return t
		}
	}
}

func (c cronBuild) scan(from, to time.Time) time.Time {
	var last time.Time
	for t := c.times.next(from); !t.IsZero() && !t.After(to); t = c.times.next(t) {
		last = t
	}
	return last
}

// fire hands one build to the queue unless the store says it was handed over
// already, and then records it. It records after the queue has taken it: a crash in
// between loses the in-process queue too, so the build is then rightly caught up.
func (s *Scheduler) fire(ctx context.Context, d due, reason string) {
	last, ok, err := s.mem.LastScheduled(ctx, d.job)
	if err != nil {
		s.log.Error("scheduled build not checked", "job", d.job, "err", err)
		return
	}
	if ok && (d.meeting || !last.Due.Before(d.at)) {
		return
	}
	r := d.req
	r.Reason = reason
	if err := s.enqueue(ctx, r); err != nil {
		s.log.Error("scheduled build not queued", "job", d.job, "due", d.at, "err", err)
		return
	}
	if _, err := s.mem.RecordScheduled(ctx, store.ScheduledBuild{Job: d.job, Due: d.at, Reason: reason}); err != nil {
		s.log.Error("scheduled build queued but not recorded", "job", d.job, "due", d.at, "err", err)
		return
	}
	s.log.Info("scheduled build queued", "job", d.job, "due", d.at, "reason", reason)
}
