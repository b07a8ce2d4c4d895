// Package metrics holds the service's Prometheus collectors (SPEC §5 Operations):
// submissions by outcome, builds by outcome and duration, the build queue's length
// and HTTP requests by route pattern and status.
//
// Each Metrics has its own registry, so that tests and two servers in one process
// never share counters.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"handlingsplan/build"
	"handlingsplan/inbox"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options configures New.
type Options struct {
	// QueueLen reports the builds queued or running (build.Queue.Len); nil leaves
	// the gauge at 0.
	QueueLen func() int
	// Runtime adds the Go runtime and process collectors.
	Runtime bool
}

// Metrics is a set of collectors with their registry.
type Metrics struct {
	reg         *prometheus.Registry
	submissions *prometheus.CounterVec
	builds      *prometheus.CounterVec
	buildTime   *prometheus.HistogramVec
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
}

// Label values for routes no pattern matched and for outcomes nobody named.
const (
	Unmatched = "unmatched"
	Unknown   = "unknown"
)

// New registers the collectors in a new registry.
func New(opts Options) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		submissions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handlingsplan_submissions_total",
			Help: "Submitted files taken in, by outcome (new_version, unchanged, rejected, duplicate, failed, too_large).",
		}, []string{"outcome"}),
		builds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handlingsplan_builds_total",
			Help: "Finished build runs, by outcome (klar, misslyckad, avbruten).",
		}, []string{"outcome"}),
		buildTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "handlingsplan_build_duration_seconds",
			Help: "Duration of finished build runs, by outcome.",
			// A plan's package takes seconds, every package of the region minutes.
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200},
		}, []string{"outcome"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handlingsplan_http_requests_total",
			Help: "HTTP requests, by route pattern (never the raw path) and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "handlingsplan_http_request_duration_seconds",
			Help:    "HTTP request duration, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	queueLen := opts.QueueLen
	if queueLen == nil {
		queueLen = func() int { return 0 }
	}
	m.reg.MustRegister(m.submissions, m.builds, m.buildTime, m.requests, m.latency,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "handlingsplan_build_queue_length",
			Help: "Build runs queued or running.",
		}, func() float64 { return float64(queueLen()) }))
	if opts.Runtime {
		m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	return m
}

// Registry is where the collectors are registered; for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Submission counts one submitted file by its outcome (inbox.Outcome.String(), or
// "too_large" for an upload refused at the door).
func (m *Metrics) Submission(outcome string) {
	if outcome == "" {
		outcome = Unknown
	}
	m.submissions.WithLabelValues(outcome).Inc()
}

// Ingested counts the files a watcher's Ingest took in from the folder; pass it
// as inbox.Inbox.OnIngest. Uploads (files with a submitter) are left out: the
// handler that took the upload counts it with Uploaded, whoever ingested it.
func (m *Metrics) Ingested(sum inbox.Summary) {
	for _, f := range sum.Files {
		if f.Submitter == "" {
			m.Submission(f.Outcome.String())
		}
	}
}

// Uploaded counts one upload by the outcome inbox.Upload returned.
func (m *Metrics) Uploaded(res inbox.FileResult) { m.Submission(res.Outcome.String()) }

// BuildFinished counts a finished build run by its outcome and observes its
// duration; pass it as build.Options.Finished.
func (m *Metrics) BuildFinished(f build.Finished) {
	outcome := string(f.Outcome)
	if outcome == "" {
		outcome = Unknown
	}
	m.builds.WithLabelValues(outcome).Inc()
	m.buildTime.WithLabelValues(outcome).Observe(f.Duration.Seconds())
}

// Middleware counts every request by the http.ServeMux pattern that served it
// (e.g. "GET /api/packages/{id}") and its status code. Labels never carry the
// raw path, so a client probing random URLs cannot grow the series without
// bound; requests no pattern served count as "unmatched".
//
// The pattern is what Record saw, or else the Pattern that the mux set on the
// request this middleware passed on – which is only there when next is the mux
// itself: a middleware in between that copies the request (the auth
// middleware's WithContext, http.StripPrefix) hides it, so handlers behind
// such wrappers call Record (package api does for every route).
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		slot := new(routeSlot)
		r = r.WithContext(context.WithValue(r.Context(), routeKey{}, slot))
		defer func() {
			route := slot.pattern
			if route == "" {
				route = r.Pattern
			}
			if route == "" {
				route = Unmatched
			}
			code := rec.code
			if code == 0 {
				code = http.StatusOK
			}
			m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
			m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(rec, r)
	})
}

type routeKey struct{}

// routeSlot is where Record leaves the pattern for Middleware. Only the
// request's own goroutine writes it, before Middleware reads it.
type routeSlot struct{ pattern string }

// Record names the route of a request for Middleware: r.Pattern, as the mux that
// dispatched r set it. The innermost mux's handler calls it last and wins.
func Record(r *http.Request) {
	if s, ok := r.Context().Value(routeKey{}).(*routeSlot); ok && r.Pattern != "" {
		s.pattern = r.Pattern
	}
}

// Recorded wraps a handler registered on a mux so that it calls Record.
func Recorded(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Record(r)
		h.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status code; Unwrap lets http.ResponseController
// reach the flusher and deadlines of the real writer.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 && code >= 200 { // 1xx are informational; the final status follows
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Flush() {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	http.NewResponseController(s.ResponseWriter).Flush()
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
