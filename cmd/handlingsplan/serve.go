package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"handlingsplan/api"
	"handlingsplan/apperr"
	"handlingsplan/auth"
	"handlingsplan/auth/password"
	"handlingsplan/build"
	"handlingsplan/config"
	"handlingsplan/inbox"
	"handlingsplan/metrics"
	"handlingsplan/schedule"
	"handlingsplan/store"
	"handlingsplan/web"
)

// cmdServe runs the service: the inbox watcher, the scheduler, the build worker and
// the web page, in one process, until SIGINT or SIGTERM.
func cmdServe(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int {
	addr := fs.String("addr", "", "adress att lyssna på, VÄRD:PORT (standard: server.addr i konfigurationen, annars 127.0.0.1:8080)")
	demo := fs.Bool("demo", false, "starta med exempeldata och ett demokonto (admin) vars lösenord skrivs ut")
	if ok, code := a.parse(fs, args); !ok {
		return code
	}
	if *addr != "" {
		a.cfg.Server.Addr = *addr
	}
	log := slog.New(slog.NewJSONHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := startServer(ctx, serveOptions{Config: a.cfg, Demo: *demo, Log: log, Stdout: a.stdout})
	if err != nil {
		fmt.Fprintln(a.stderr, "handlingsplan serve:", err)
		return exitCode(err)
	}
	err = srv.Wait(ctx)
	if cerr := srv.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(a.stderr, "handlingsplan serve:", err)
		return exitFail
	}
	fmt.Fprintln(a.stdout, "Tjänsten är avslutad.")
	return exitOK
}

// serveOptions configure startServer; tests use it to boot the real service.
type serveOptions struct {
	Config *config.Config // required; Server.Addr "127.0.0.1:0" picks a free port
	Demo   bool           // load the sample data and create a demo admin account
	Log    *slog.Logger   // nil discards
	Stdout io.Writer      // where the address (and the demo password) is printed; nil discards
}

// server is the running service. Close stops it in order: stop accepting requests,
// let the request, file and package in progress finish within the grace period,
// then close the store.
type server struct {
	cfg     *config.Config
	log     *slog.Logger
	ln      net.Listener
	http    *http.Server
	st      *store.Store
	in      *inbox.Inbox
	queue   *build.Queue
	sched   *schedule.Scheduler
	metrics *metrics.Metrics
	URL     string // where the service answers, e.g. http://127.0.0.1:8080

	DemoUser, DemoPassword string

	cancel  context.CancelFunc // stops the watcher and the scheduler
	workers sync.WaitGroup
	errc    chan error // a component that stopped on its own
	closed  bool
}

// startServer listens first, so that a taken port fails at once, then opens the
// store and starts the watcher, the build worker and the web server.
func startServer(ctx context.Context, o serveOptions) (_ *server, err error) {
	cfg := o.Config
	if cfg == nil {
		return nil, errors.New("ingen konfiguration")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	ln, err := net.Listen("tcp", cfg.Server.Addr)
	if err != nil {
		return nil, listenError(cfg.Server.Addr, err)
	}
	s := &server{cfg: cfg, log: o.Log, ln: ln, errc: make(chan error, 4)}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	s.URL = baseURL(cfg.Server, ln.Addr())

	a := &app{cfg: cfg, stdout: o.Stdout, stderr: io.Discard, log: o.Log}
	if s.st, s.in, err = a.openInbox(); err != nil {
		s.st = nil // openInbox closed it
		return nil, err
	}
	if o.Demo {
		s.log.Info("loading demo data")
		if err := a.demoData(ctx, s.st, s.in); err != nil {
			return nil, err
		}
	}
	// The queue takes the output folder's lock, cleans what a killed build left
	// and marks interrupted runs "avbruten".
	s.metrics = metrics.New(metrics.Options{QueueLen: func() int { return s.queue.Len() }, Runtime: true})
	s.queue, err = build.New(build.Options{Store: s.st, Config: cfg, Version: version, Log: s.log,
		Finished: s.metrics.BuildFinished})
	if err != nil {
		return nil, err
	}
	if o.Demo {
		if _, err := writeTemplates(cfg.OutputDir, &cfg.Catalog); err != nil {
			return nil, err
		}
	}
	authCfg := cfg.Auth
	if o.Demo {
		s.DemoUser, s.DemoPassword = "demo", randomPassword()
		hash, err := password.New(s.DemoPassword)
		if err != nil {
			return nil, err
		}
		authCfg.Users = append(slices.Clone(authCfg.Users), config.AuthUser{Name: s.DemoUser, Role: config.RoleAdmin, Password: hash})
	}
	authSvc, err := auth.New(authCfg, s.st, auth.Options{Secure: strings.HasPrefix(s.URL, "https://"), BaseURL: s.URL, Log: s.log})
	if err != nil {
		return nil, err
	}

	s.sched, err = schedule.New(schedule.Options{Config: cfg, Memory: s.st, Log: s.log,
		Enqueue: func(ctx context.Context, r build.Request) error {
			_, _, err := s.queue.Submit(ctx, r)
			return err
		}})
	if err != nil {
		return nil, err
	}
	// A new version of a plan rebuilds the packages it is in before their meeting,
	// whether it came through the folder or an upload.
	s.in.OnIngest = func(sum inbox.Summary) {
		s.metrics.Ingested(sum)
		for _, f := range sum.Files {
			s.planChanged(f)
		}
	}
	cop := http.NewCrossOriginProtection()
	apiH, err := api.New(api.Options{Store: s.st, Config: cfg, Uploader: &notifyingUploader{in: s.in, changed: s.planChanged},
		Builder: s.queue, OutputDir: cfg.OutputDir, MaxUploadBytes: cfg.Limits.MaxFileBytes,
		PublicDownloads: authCfg.PublicDownloads, CrossOrigin: cop, Metrics: s.metrics, Log: s.log, DecisionsChanged: s.decisionsChanged})
	if err != nil {
		return nil, err
	}
	uploads := &notifyingUploader{in: s.in, changed: s.planChanged, metrics: s.metrics}

	h, err := web.New(web.Deps{
		Config: cfg, Store: s.st, Auth: webAuth{authSvc}, Uploads: uploads, Upcoming: s.upcoming,
		Status: api.Status, CrossOrigin: cop, API: apiH, Metrics: s.metrics.Handler(), PublicDownloads: authCfg.PublicDownloads,
		Builds: s.queue, MaxUploadBytes: cfg.Server.MaxUploadBytes, Version: version, Log: s.log,
		DecisionsChanged: s.decisionsChanged,
	})
	if err != nil {
		return nil, err
	}
	s.http = &http.Server{
		Handler:           s.metrics.Middleware(h),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}

	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.cancel = cancel
	s.in.Rescan = inbox.DefaultRescan
	s.goRun("inbox watcher", func() error { return s.in.Watch(wctx) })
	s.goRun("scheduler", func() error { return s.sched.Run(wctx) })
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.errc <- fmt.Errorf("webbservern: %w", err)
		}
	}()
	if o.Demo {
		if _, _, err := s.queue.Submit(ctx, build.Request{Audience: build.AudienceAll, Reason: "demo", By: "kommandoraden"}); err != nil {
			return nil, err
		}
	}
	s.log.Info("service started", "url", s.URL, "data_dir", cfg.DataDir, "output_dir", cfg.OutputDir, "demo", o.Demo)
	fmt.Fprintf(o.Stdout, "Handlingsplaner är igång på %s\n", s.URL)
	if o.Demo {
		fmt.Fprintf(o.Stdout, "Logga in som %q med lösenordet %s\n", s.DemoUser, s.DemoPassword)
	}
	fmt.Fprintln(o.Stdout, "Avsluta med Ctrl+C.")
	return s, nil
}

// planChanged tells the scheduler of a new plan version.
func (s *server) planChanged(f inbox.FileResult) {
	if f.Outcome != inbox.OutcomeNewVersion || f.Plan == "" {
		return
	}
	if err := s.sched.PlanChanged(context.Background(), f.Plan); err != nil {
		s.log.Error("rebuild after a new plan version", "plan", f.Plan, "err", err)
	}
}

// decisionsChanged tells the scheduler that proposals' decision trails changed.
func (s *server) decisionsChanged(ctx context.Context, plans []string) {
	if err := s.sched.DecisionsChanged(ctx, plans); err != nil {
		s.log.Error("rebuild after changed decisions", "plans", plans, "err", err)
	}
}

// upcoming lists the coming scheduled builds for the web page.
func (s *server) upcoming(n int) []web.Planned {
	var out []web.Planned
	for _, p := range s.sched.Upcoming(n) {
		out = append(out, web.Planned{At: p.At, Label: p.Label})
	}
	return out
}

// notifyingUploader uploads through the inbox, tells of a new plan version and,
// for the web page, counts the upload (the API counts its own).
type notifyingUploader struct {
	in      *inbox.Inbox
	changed func(inbox.FileResult)
	metrics *metrics.Metrics // nil: not counted here
}

func (u *notifyingUploader) Upload(ctx context.Context, name string, r io.Reader, submitter string) (inbox.FileResult, error) {
	f, err := u.in.Upload(ctx, name, r, submitter)
	switch {
	case err == nil:
		u.changed(f)
		if u.metrics != nil {
			u.metrics.Uploaded(f)
		}
	case u.metrics != nil && apperr.Is(err, apperr.TooLarge):
		u.metrics.Submission("too_large")
	}
	return f, err
}

// goRun runs a component until the service stops; an early error stops the service.
func (s *server) goRun(name string, fn func() error) {
	s.workers.Add(1)
	go func() {
		defer s.workers.Done()
		if err := fn(); err != nil {
			s.log.Error("component stopped", "component", name, "err", err)
			s.errc <- fmt.Errorf("%s: %w", name, err)
		}
	}()
}

// Wait blocks until ctx is cancelled (a signal) or a component fails.
func (s *server) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		s.log.Info("shutting down", "reason", context.Cause(ctx).Error())
		return nil
	case err := <-s.errc:
		return err
	}
}

// Close shuts the service down in order within the grace period.
func (s *server) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	grace := s.cfg.Server.ShutdownGrace
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var errs []error
	if s.http != nil {
		if err := s.http.Shutdown(ctx); err != nil {
			s.log.Warn("requests still running at the end of the grace period", "err", err)
			s.http.Close()
		}
	} else if s.ln != nil {
		s.ln.Close()
	}
	if s.cancel != nil {
		s.cancel()
	}
	if s.queue != nil {
		if err := s.queue.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	done := make(chan struct{})
	go func() { s.workers.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		s.log.Warn("workers still running at the end of the grace period")
	}
	if s.st != nil {
		if err := s.st.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	s.log.Info("service stopped")
	return errors.Join(errs...)
}

// listenError explains a failed listen in Swedish.
func listenError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) || answers(addr) {
		return fmt.Errorf("adressen %s är upptagen – kör tjänsten redan? Välj en annan port med --addr eller server.addr i konfigurationen", addr)
	}
	if errors.Is(err, syscall.EACCES) {
		return fmt.Errorf("adressen %s får inte användas av den här användaren (portar under 1024 kräver särskild behörighet); välj en annan port med --addr", addr)
	}
	return fmt.Errorf("kan inte lyssna på %s; kontrollera adressen i --addr eller server.addr (%v)", addr, err)
}

// answers reports whether something already listens at addr; it tells a taken
// port on systems whose error codes differ (Windows).
func answers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 500*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// baseURL is where users reach the service: server.base_url, else the listen address.
func baseURL(c config.Server, a net.Addr) string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	host, port, _ := net.SplitHostPort(a.String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
