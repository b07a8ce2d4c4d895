package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/api"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
)

// samples are real filled templates made by the sample generator.
type samples struct {
	set   sample.Set
	files map[string][]byte // file name → bytes
	names []string
}

func makeSamples(tb testing.TB, cat *plan.Catalog, n int) samples {
	tb.Helper()
	s := samples{set: sample.Make(cat, time.Now(), 1), files: map[string][]byte{}}
	for _, p := range s.set.Current {
		if len(s.names) == n {
			break
		}
		name, data, err := sample.File(cat, p)
		if err != nil {
			tb.Fatal(err)
		}
		if !strings.HasSuffix(name, ".xlsx") {
			continue
		}
		s.files[name] = data
		s.names = append(s.names, name)
	}
	return s
}

// unknownAreaFile is a filled Excel template for a programme area that does not exist.
func unknownAreaFile(tb testing.TB, cat *plan.Catalog, base *plan.Plan) []byte {
	tb.Helper()
	p := *base
	p.Name = "RPO Påhittade sjukdomar"
	var buf bytes.Buffer
	if err := exceltemplate.Write(&buf, cat, exceltemplate.Options{Plan: &p, Modified: p.Updated}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestSubmissions(t *testing.T) {
	svc := newService(t, setup{})
	t.Cleanup(func() {
		if svc.validated.Load() == 0 {
			t.Error("no response was checked against openapi.json")
		}
	})
	smp := makeSamples(t, &svc.cfg.Catalog, 1)
	good := smp.files[smp.names[0]]
	bad := unknownAreaFile(t, &svc.cfg.Catalog, smp.set.Current[0])

	tests := []struct {
		name        string
		token       string
		file        string
		data        []byte
		wantStatus  int
		wantOutcome string
		wantProblem string // a substring of some problem's location or message
	}{
		{"accepted", "inlamnare-token", smp.names[0], good, http.StatusCreated, "new_version", ""},
		{"same file again is unchanged", "admin-token", smp.names[0], good, http.StatusCreated, "unchanged", ""},
		{"unknown programme area", "inlamnare-token", "Påhittad.xlsx", bad, http.StatusUnprocessableEntity, "rejected", "programområde"},
		{"not a template", "inlamnare-token", "anteckningar.xlsx", []byte("det här är ingen arbetsbok"), http.StatusUnprocessableEntity, "rejected", "anteckningar.xlsx"},
		{"empty file", "inlamnare-token", "tom.xlsx", nil, http.StatusUnprocessableEntity, "rejected", "tom.xlsx"},
		{"name with backslashes", "inlamnare-token", `..\..\..\ond.xlsx`, []byte("ond"), http.StatusUnprocessableEntity, "rejected", ""},
		{"name with line breaks", "inlamnare-token", "ond\r\nfil.xlsx", []byte("ond2"), http.StatusUnprocessableEntity, "rejected", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := svc.upload(tt.token, tt.file, tt.data)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			var rep api.SubmissionReport
			r.json(t, &rep)
			if strings.ContainsAny(rep.File, "\\/\x00\r\n") {
				t.Errorf("file name %q not made safe", rep.File)
			} else if !strings.ContainsAny(tt.file, "\\\x00\r\n") && rep.File != tt.file {
				t.Errorf("file %q, want %q", rep.File, tt.file)
			}
			if rep.Submission.Outcome != tt.wantOutcome {
				t.Errorf("file %q outcome %q, want %q %q", rep.File, rep.Submission.Outcome, tt.file, tt.wantOutcome)
			}
			if rep.Submission.SHA256 != sha(tt.data) || rep.Submission.Size != int64(len(tt.data)) {
				t.Errorf("submission sha256 %s size %d, want %s %d", rep.Submission.SHA256, rep.Submission.Size, sha(tt.data), len(tt.data))
			}
			if tt.wantStatus == http.StatusCreated {
				if rep.Plan == nil || rep.Plan.Activities == 0 || rep.Submission.Version != 1 {
					t.Errorf("accepted report without plan summary or version: %+v", rep)
				}
			}
			if tt.name == "unknown programme area" && (rep.Plan == nil || rep.Plan.Activities == 0 || rep.Format != "xlsx") {
				t.Errorf("a rejected template that was read has no plan summary: %+v", rep)
			}
			if tt.wantProblem != "" {
				found := false
				for _, p := range rep.Problems {
					if p.Severity == plan.SevError && (strings.Contains(p.Location, tt.wantProblem) || strings.Contains(p.Message, tt.wantProblem)) {
						found = true
					}
				}
				if !found {
					t.Errorf("no error mentioning %q in %+v", tt.wantProblem, rep.Problems)
				}
			}
			// Nothing is lost: the kept file is byte for byte what was sent.
			sub, err := svc.store.Submission(t.Context(), rep.Submission.ID)
			if err != nil {
				t.Fatal(err)
			}
			kept, err := os.ReadFile(filepath.Join(svc.data, filepath.FromSlash(sub.KeptPath)))
			if err != nil {
				t.Fatalf("kept copy: %v", err)
			}
			if !bytes.Equal(kept, tt.data) {
				t.Errorf("kept copy %s differs from the upload (%d vs %d bytes)", sub.KeptPath, len(kept), len(tt.data))
			}
			if wantArea := map[bool]string{true: "archive/", false: "quarantine/"}[rep.OK]; !strings.HasPrefix(sub.KeptPath, wantArea) {
				t.Errorf("kept in %s, want under %s", sub.KeptPath, wantArea)
			}
		})
	}
}

// TestSubmissionsCounted checks that /metrics counts uploads by outcome and
// requests by the API's route pattern.
func TestSubmissionsAudited(t *testing.T) {
	svc := newService(t, setup{})
	svc.upload("inlamnare-token", "trasig.xlsx", []byte("trasig"))
	if !svc.audited("ingrid", "inlämning") {
		t.Error("the upload is not in the audit log")
	}
	// One version has nothing to compare with, and says so.
	smp := makeSamples(t, &svc.cfg.Catalog, 1)
	var rep api.SubmissionReport
	svc.upload("inlamnare-token", smp.names[0], smp.files[smp.names[0]]).json(t, &rep)
	r := svc.get("/api/plans/"+pathEscape(rep.Submission.Plan)+"/diff", "lasare-token")
	if _, msg := r.errorOf(t); r.status != 404 || !strings.Contains(msg, "bara en version") {
		t.Errorf("diff of a plan with one version: %d %s", r.status, msg)
	}
}

func TestSubmissionsCounted(t *testing.T) {
	svc := newService(t, setup{maxUpload: 1 << 20})
	smp := makeSamples(t, &svc.cfg.Catalog, 1)
	svc.upload("inlamnare-token", smp.names[0], smp.files[smp.names[0]])
	svc.upload("inlamnare-token", "trasig.xlsx", []byte("trasig"))
	svc.upload("inlamnare-token", "stor.xlsx", bytes.Repeat([]byte("s"), 2<<20))
	svc.get("/api/packages/7", "lasare-token")
	r := svc.get("/metrics", "")
	for _, want := range []string{
		`handlingsplan_submissions_total{outcome="new_version"} 1`,
		`handlingsplan_submissions_total{outcome="rejected"} 1`,
		`handlingsplan_submissions_total{outcome="too_large"} 1`,
		`handlingsplan_http_requests_total{code="201",route="POST /api/submissions"} 1`,
		`handlingsplan_http_requests_total{code="422",route="POST /api/submissions"} 1`,
		`handlingsplan_http_requests_total{code="413",route="POST /api/submissions"} 1`,
		`handlingsplan_http_requests_total{code="404",route="GET /api/packages/{id}"} 1`,
	} {
		if !bytes.Contains(r.body, []byte(want+"\n")) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestSubmissionRefused(t *testing.T) {
	const limit = 256 << 10
	svc := newService(t, setup{maxUpload: limit})
	big := bytes.Repeat([]byte("x"), limit+1)
	huge := bytes.Repeat([]byte("y"), 4*limit)
	body, ct := multipartBody(t, "fil", "plan.xlsx", []byte("x"))

	tests := []struct {
		name       string
		token      string
		send       func() response
		wantStatus int
		wantCode   string
		wantWord   string // in the Swedish message
	}{
		{"nobody signed in", "", func() response { return svc.upload("", "a.xlsx", []byte("x")) }, 401, "unauthorized", "logga in"},
		{"unknown token", "", func() response { return svc.upload("fel-token", "a.xlsx", []byte("x")) }, 401, "unauthorized", "logga in"},
		{"reader may not upload", "", func() response { return svc.upload("lasare-token", "a.xlsx", []byte("x")) }, 403, "forbidden", "läsare"},
		{"just over the limit", "", func() response { return svc.upload("inlamnare-token", "stor.xlsx", big) }, 413, "too_large", " MB"},
		{"far over the limit", "", func() response { return svc.upload("inlamnare-token", "enorm.xlsx", huge) }, 413, "too_large", "för stor"},
		{"not multipart", "", func() response {
			return svc.do("POST", "/api/submissions", "inlamnare-token", "application/json", strings.NewReader("{}"))
		}, 400, "invalid", "multipart"},
		{"no file field", "", func() response {
			return svc.do("POST", "/api/submissions", "inlamnare-token", ct, body)
		}, 400, "invalid", "file"},
		{"file without a name", "", func() response { return svc.upload("inlamnare-token", "", []byte("x")) }, 400, "invalid", "namn"},
		{"name with a NUL byte", "", func() response { return svc.upload("inlamnare-token", "a\x00b.xlsx", []byte("x")) }, 400, "invalid", "Försök igen"},
		{"broken multipart", "", func() response {
			return svc.do("POST", "/api/submissions", "inlamnare-token", "multipart/form-data; boundary=x", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nabc"))
		}, 400, "invalid", "Försök igen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.send()
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			code, msg := r.errorOf(t)
			if code != tt.wantCode || !strings.Contains(msg, tt.wantWord) {
				t.Errorf("error %q %q, want code %q and a message with %q", code, msg, tt.wantCode, tt.wantWord)
			}
		})
	}
	// Refused uploads leave nothing behind: no submission, nothing in the inbox.
	subs, err := svc.store.Submissions(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 0 {
		t.Errorf("refused uploads recorded %d submissions", len(subs))
	}
	if left, _ := os.ReadDir(svc.inbox.Dir()); len(left) != 0 {
		t.Errorf("refused uploads left %d files in the inbox", len(left))
	}
}
