package metrics_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"handlingsplan/build"
	"handlingsplan/inbox"
	"handlingsplan/metrics"
	"handlingsplan/store"
)

// serve runs h on a real server on loopback and returns its URL.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return "http://" + ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetrics(t *testing.T) {
	var queued atomic.Int64
	queued.Store(3)
	m := metrics.New(metrics.Options{QueueLen: func() int { return int(queued.Load()) }})
	inner := http.NewServeMux() // mounted as the web server mounts the API
	inner.HandleFunc("GET /api/packages/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "404" {
			http.Error(w, "finns inte", http.StatusNotFound)
			return
		}
		w.Write([]byte("ok"))
	})
	inner.HandleFunc("GET /api/flush", func(w http.ResponseWriter, r *http.Request) {
		http.NewResponseController(w).Flush() // reaches the real writer through Unwrap
	})
	inner.Handle("GET /api/recorded/{x}", metrics.Recorded(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	mux := http.NewServeMux()
	mux.Handle("/api/", inner)
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("/copied/", copyRequest(inner)) // as the auth middleware does
	url := serve(t, m.Middleware(mux))

	for i := range 50 { // fifty different raw paths, one route
		get(t, fmt.Sprintf("%s/api/packages/%d", url, i))
	}
	get(t, url+"/api/packages/404")
	get(t, url+"/api/flush")
	get(t, url+"/copied/x") // unmatched by inner; the outer pattern counts
	for i := range 3 {
		get(t, fmt.Sprintf("%s/api/recorded/%d", url, i))
	}
	for i := range 20 {
		get(t, fmt.Sprintf("%s/sond-%d/../../etc/passwd", url, i))
	}
	m.Submission("new_version")
	m.Submission("new_version")
	m.Ingested(inbox.Summary{Files: []inbox.FileResult{
		{Name: "a.xlsx", Outcome: inbox.OutcomeRejected},
		{Name: "b.xlsx", Outcome: inbox.OutcomeNewVersion, Submitter: "ingrid"}, // an upload: counted by its handler
	}})
	m.BuildFinished(build.Finished{RunID: 1, Outcome: store.RunOK, Duration: 90 * time.Second})
	m.BuildFinished(build.Finished{RunID: 2, Outcome: store.RunFailed, Message: "fel", Duration: 2 * time.Second})

	code, body := get(t, url+"/metrics")
	if code != 200 {
		t.Fatalf("GET /metrics: %d", code)
	}
	for _, want := range []string{
		`handlingsplan_http_requests_total{code="200",route="GET /api/packages/{id}"} 50`,
		`handlingsplan_http_requests_total{code="404",route="GET /api/packages/{id}"} 1`,
		`handlingsplan_http_requests_total{code="200",route="GET /api/flush"} 1`,
		`handlingsplan_http_requests_total{code="404",route="unmatched"} 20`,
		`handlingsplan_http_requests_total{code="404",route="/copied/"} 1`,
		`handlingsplan_http_requests_total{code="200",route="GET /api/recorded/{x}"} 3`,
		`handlingsplan_http_request_duration_seconds_count{route="GET /api/packages/{id}"} 51`,
		`handlingsplan_submissions_total{outcome="new_version"} 2`,
		`handlingsplan_submissions_total{outcome="rejected"} 1`,
		`handlingsplan_builds_total{outcome="klar"} 1`,
		`handlingsplan_builds_total{outcome="misslyckad"} 1`,
		`handlingsplan_build_duration_seconds_bucket{outcome="klar",le="120"} 1`,
		`handlingsplan_build_duration_seconds_bucket{outcome="klar",le="60"} 0`,
		`handlingsplan_build_queue_length 3`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// Cardinality stays bounded: no raw path ever becomes a label.
	for _, line := range strings.Split(body, "\n") {
		if strings.Contains(line, "sond-") || strings.Contains(line, "/api/packages/1") || strings.Contains(line, "passwd") {
			t.Errorf("raw path in a label: %s", line)
		}
	}
	queued.Store(0)
	if _, body := get(t, url+"/metrics"); !strings.Contains(body, "handlingsplan_build_queue_length 0\n") {
		t.Error("queue length not read at scrape time")
	}
}

// copyRequest passes on a copy of the request, as middleware that adds to the
// context does.
func copyRequest(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), struct{}{}, 1)))
	})
}
