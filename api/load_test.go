package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"handlingsplan/api"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/generator/sample"
)

var (
	loadDuration = flag.Duration("load.duration", 10*time.Second, "how long BenchmarkServiceLoad runs its clients")
	loadClients  = flag.Int("load.clients", 50, "concurrent clients of BenchmarkServiceLoad")
)

// BenchmarkServiceLoad runs concurrent clients against the real server on loopback
// for a bounded time – each uploads a filled template now and then and otherwise
// downloads package files – and reports throughput, p50/p99 latency and peak
// memory, then checks that nothing was lost: every accepted or rejected upload has
// its submission and a kept file with the same sha256. It runs the load once
// whatever b.N; run it with -benchtime=1x:
//
//	go test ./api -run '^$' -bench ServiceLoad -benchtime=1x -load.duration=10s -load.clients=50
func BenchmarkServiceLoad(b *testing.B) {
	svc := newService(b, setup{})
	cat := &svc.cfg.Catalog
	set := sample.Make(cat, time.Now(), 1)

	// Distinct filled templates, so that each accepted upload is a new version.
	type file struct {
		name string
		data []byte
	}
	var pool []file
	for i := 0; len(pool) < 120; i++ {
		p := *set.Current[i%len(set.Current)]
		p.Comments = fmt.Sprintf("Belastningsprov %d.", i)
		var buf bytes.Buffer
		if err := exceltemplate.Write(&buf, cat, exceltemplate.Options{Plan: &p, Modified: p.Updated}); err != nil {
			b.Fatal(err)
		}
		pool = append(pool, file{fmt.Sprintf("Handlingsplan %s.xlsx", p.Name), buf.Bytes()})
	}
	// One package to download, built through the API.
	if r := svc.upload("inlamnare-token", pool[0].name, pool[0].data); r.status != http.StatusCreated {
		b.Fatalf("first upload: %d %s", r.status, r.body)
	}
	run := runToEnd(b, svc, map[string]string{"audience": "rsl"})
	if run.Status != "klar" || len(run.Packages) == 0 {
		b.Fatalf("run %s", run.Status)
	}
	var pkg api.Package
	svc.get(fmt.Sprintf("/api/packages/%d", run.Packages[0]), "lasare-token").json(b, &pkg)

	type kept struct {
		id  int64
		sha string
	}
	var (
		mu              sync.Mutex
		upLat, downLat  []time.Duration
		submitted       []kept
		failures        atomic.Int64
		bytesDown       atomic.Int64
		next            atomic.Int64
		peakHeap, peakS atomic.Uint64
	)
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // peak memory of the whole process: server and clients
		defer close(sampled)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
			if ms.Sys > peakS.Load() {
				peakS.Store(ms.Sys)
			}
			select {
			case <-stopSampling:
				return
			case <-t.C:
			}
		}
	}()

	client := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: *loadClients}}
	send := func(req *http.Request) (int, []byte, error) {
		req.Header.Set("Authorization", "Bearer inlamnare-token")
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, body, err
	}

	b.ResetTimer()
	start := time.Now()
	deadline := start.Add(*loadDuration)
	var wg sync.WaitGroup
	for c := range *loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				if (i+c)%4 == 0 { // one upload in four requests
					f := pool[next.Add(1)%int64(len(pool))]
					body, ct := multipartBody(b, "file", f.name, f.data)
					req, _ := http.NewRequest("POST", svc.url+"/api/submissions", body)
					req.Header.Set("Content-Type", ct)
					status, resp, err := send(req)
					d := time.Since(t0)
					var rep api.SubmissionReport
					if err != nil || (status != 201 && status != 422) || json.Unmarshal(resp, &rep) != nil {
						failures.Add(1)
						continue
					}
					sum := sha256.Sum256(f.data)
					if rep.Submission.SHA256 != hex.EncodeToString(sum[:]) {
						failures.Add(1)
					}
					mu.Lock()
					upLat = append(upLat, d)
					submitted = append(submitted, kept{rep.Submission.ID, rep.Submission.SHA256})
					mu.Unlock()
					continue
				}
				f := pkg.Files[(i+c)%len(pkg.Files)]
				req, _ := http.NewRequest("GET", svc.url+f.URL, nil)
				status, body, err := send(req)
				d := time.Since(t0)
				if err != nil || status != 200 || int64(len(body)) != f.Size {
					failures.Add(1)
					continue
				}
				bytesDown.Add(int64(len(body)))
				mu.Lock()
				downLat = append(downLat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(stopSampling)
	<-sampled

	// Nothing lost: every upload answered has its submission and its kept bytes.
	for _, k := range submitted {
		sub, err := svc.store.Submission(b.Context(), k.id)
		if err != nil {
			b.Fatalf("submission %d: %v", k.id, err)
		}
		if sub.SHA256 != k.sha {
			b.Errorf("submission %d: sha256 %s, answered %s", k.id, sub.SHA256, k.sha)
		}
		got, err := fileSHA(filepath.Join(svc.data, filepath.FromSlash(sub.KeptPath)))
		if err != nil || got != k.sha {
			b.Errorf("submission %d: kept copy %s: sha256 %s (%v), want %s", k.id, sub.KeptPath, got, err, k.sha)
		}
	}
	all, err := svc.store.Submissions(b.Context(), 0)
	if err != nil {
		b.Fatal(err)
	}
	if len(all) != len(submitted)+1 { // +1: the upload before the load
		b.Errorf("%d submissions stored, %d answered", len(all), len(submitted)+1)
	}
	if n := failures.Load(); n > 0 {
		b.Errorf("%d requests failed", n)
	}

	ops := len(upLat) + len(downLat)
	b.ReportMetric(float64(ops)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(len(upLat))/elapsed.Seconds(), "uploads/s")
	b.ReportMetric(float64(bytesDown.Load())/elapsed.Seconds()/(1<<20), "MB/s-down")
	b.ReportMetric(pct(upLat, 50), "up-p50-ms")
	b.ReportMetric(pct(upLat, 99), "up-p99-ms")
	b.ReportMetric(pct(downLat, 50), "down-p50-ms")
	b.ReportMetric(pct(downLat, 99), "down-p99-ms")
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peakS.Load())/(1<<20), "peak-sys-MB")
	b.Logf("%d clients for %s: %d uploads (%d kept and checked), %d downloads, %d failures",
		*loadClients, elapsed.Round(time.Millisecond), len(upLat), len(submitted), len(downLat), failures.Load())
}

// pct is the p-th percentile of ds in milliseconds.
func pct(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, (len(s)*p+99)/100-1)
	return float64(s[max(i, 0)].Microseconds()) / 1000
}

func fileSHA(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
