package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handlingsplan/api"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
)

// twoVersions uploads an earlier and the current version of one sample plan and
// returns its name.
func twoVersions(t *testing.T, svc *service) string {
	t.Helper()
	set := sample.Make(&svc.cfg.Catalog, time.Now(), 1)
	for _, early := range set.Earlier {
		name, data, err := sample.File(&svc.cfg.Catalog, early)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(name, ".xlsx") {
			continue
		}
		var cur *plan.Plan
		for _, p := range set.Current {
			if p.Name == early.Name {
				cur = p
			}
		}
		_, data2, err := sample.File(&svc.cfg.Catalog, cur)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range [][]byte{data, data2} {
			if r := svc.upload("inlamnare-token", name, d); r.status != http.StatusCreated {
				t.Fatalf("upload of version %d: %d %s", i+1, r.status, r.body)
			}
		}
		return early.Name
	}
	t.Fatal("no sample plan with an earlier version")
	return ""
}

// runToEnd starts a run as admin and polls it until it is no longer queued or running.
func runToEnd(t testing.TB, svc *service, req map[string]string) api.Run {
	t.Helper()
	r := svc.postJSON("/api/runs", "admin-token", req)
	if r.status != http.StatusAccepted {
		t.Fatalf("POST /api/runs: %d %s", r.status, r.body)
	}
	var run api.Run
	r.json(t, &run)
	if loc := r.header.Get("Location"); loc != fmt.Sprintf("/api/runs/%d", run.ID) {
		t.Errorf("Location %q for run %d", loc, run.ID)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for run.Status == "köad" || run.Status == "pågår" {
		if time.Now().After(deadline) {
			t.Fatalf("run %d still %s after 2 minutes", run.ID, run.Status)
		}
		time.Sleep(100 * time.Millisecond)
		r := svc.get(fmt.Sprintf("/api/runs/%d", run.ID), "lasare-token")
		if r.status != http.StatusOK {
			t.Fatalf("GET run: %d %s", r.status, r.body)
		}
		run = api.Run{}
		r.json(t, &run)
	}
	return run
}

func TestPlans(t *testing.T) {
	svc := newService(t, setup{})
	name := twoVersions(t, svc)
	esc := pathEscape(name)

	r := svc.get("/api/plans", "lasare-token")
	var plans []api.PlanSummary
	r.json(t, &plans)
	if r.status != 200 || len(plans) != 1 || plans[0].Name != name || plans[0].Versions != 2 || plans[0].Latest.Number != 2 {
		t.Fatalf("GET /api/plans: %d %+v", r.status, plans)
	}
	r = svc.get("/api/plans/"+esc+"/versions", "lasare-token")
	var vs []api.VersionSummary
	r.json(t, &vs)
	if r.status != 200 || len(vs) != 2 || vs[0].Number != 1 || vs[1].Number != 2 || vs[1].Activities == 0 {
		t.Fatalf("GET versions: %d %+v", r.status, vs)
	}
	if p := vs[1].Plan; p == nil || p.SchemaVersion != 1 || p.ProgramArea != name || len(p.Areas) == 0 || p.Source.SHA256 != vs[1].SHA256 {
		t.Errorf("version 2 without its stored plan: %+v", vs[1].Plan)
	}
	r = svc.get("/api/plans/"+esc+"/diff?from=1&to=2", "lasare-token")
	var d api.Diff
	r.json(t, &d)
	if r.status != 200 || d.Empty || d.From != 1 || d.To != 2 {
		t.Fatalf("GET diff: %d %s", r.status, r.body)
	}
	r = svc.get("/api/plans/"+esc+"/diff", "lasare-token")
	if r.status != 200 {
		t.Errorf("GET diff without from and to: %d %s", r.status, r.body)
	}

	tests := []struct {
		name, path, token string
		wantStatus        int
		wantCode          string
	}{
		{"plans need sign-in", "/api/plans", "", 401, "unauthorized"},
		{"versions need sign-in", "/api/plans/" + esc + "/versions", "", 401, "unauthorized"},
		{"unknown plan", "/api/plans/RPO%20Finns%20inte/versions", "lasare-token", 404, "not_found"},
		{"diff of unknown plan", "/api/plans/RPO%20Finns%20inte/diff?from=1&to=2", "lasare-token", 404, "not_found"},
		{"diff from not a number", "/api/plans/" + esc + "/diff?from=ett&to=2", "lasare-token", 400, "invalid"},
		{"diff backwards", "/api/plans/" + esc + "/diff?from=2&to=1", "lasare-token", 400, "invalid"},
		{"diff beyond the versions", "/api/plans/" + esc + "/diff?from=1&to=9", "lasare-token", 404, "not_found"},
		{"diff from zero", "/api/plans/" + esc + "/diff?from=0&to=2", "lasare-token", 400, "invalid"},
		{"unknown API path", "/api/planer", "lasare-token", 404, "not_found"},
		{"wrong method", "/api/plans", "", 405, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodGet
			if tt.wantStatus == 405 {
				method = http.MethodDelete
			}
			r := svc.do(method, tt.path, tt.token, "", nil)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if code, msg := r.errorOf(t); code != tt.wantCode || msg == "" {
				t.Errorf("error %q %q, want code %q", code, msg, tt.wantCode)
			}
		})
	}
}

func TestRunsAndDownloads(t *testing.T) {
	svc := newService(t, setup{})
	name := twoVersions(t, svc)

	for _, tt := range []struct {
		name       string
		token      string
		body       string
		wantStatus int
	}{
		{"nobody", "", `{"audience":"plan"}`, 401},
		{"reader", "lasare-token", `{"audience":"plan"}`, 403},
		{"submitter", "inlamnare-token", `{"audience":"plan"}`, 403},
		{"not JSON", "admin-token", `audience=plan`, 400},
		{"unknown field", "admin-token", `{"audience":"plan","publik":"alla"}`, 400},
		{"no audience", "admin-token", `{"forum":"Medicin"}`, 400},
		{"unknown audience", "admin-token", `{"audience":"styrelsen"}`, 400},
		{"bad meeting date", "admin-token", `{"audience":"rsl","meeting":"3 dec"}`, 400},
		{"empty body", "admin-token", ``, 400},
		{"unknown council", "admin-token", `{"audience":"kr","forum":"Påhittade rådet"}`, 400},
		{"unknown plan", "admin-token", `{"audience":"plan","plan":"RPO Finns inte"}`, 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := svc.do("POST", "/api/runs", tt.token, "application/json", strings.NewReader(tt.body))
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if _, msg := r.errorOf(t); msg == "" {
				t.Error("no message")
			}
		})
	}
	for _, path := range []string{"/api/runs/abc", "/api/runs/0", "/api/runs/-3", "/api/runs/99999999999999999999"} {
		if r := svc.get(path, "lasare-token"); r.status != 400 {
			t.Errorf("GET %s: %d, want 400", path, r.status)
		}
	}
	if r := svc.get("/api/runs/4711", "lasare-token"); r.status != 404 {
		t.Errorf("GET unknown run: %d, want 404", r.status)
	}

	run := runToEnd(t, svc, map[string]string{"audience": "plan", "plan": name})
	if run.Status != "klar" || len(run.Packages) != 1 {
		t.Fatalf("run ended %q with packages %v: %+v", run.Status, run.Packages, run)
	}
	if !svc.audited("anna", "körning") {
		t.Error("the run is not in the audit log")
	}
	if run.Reason != "manuell" || run.By != "anna" || run.Plan != name || run.Started == nil || run.Finished == nil || run.Progress != nil {
		t.Errorf("finished run: %+v", run)
	}
	if m := svc.get("/metrics", ""); !bytes.Contains(m.body, []byte(`handlingsplan_builds_total{outcome="klar"} 1`+"\n")) ||
		!bytes.Contains(m.body, []byte(`handlingsplan_build_duration_seconds_count{outcome="klar"} 1`+"\n")) {
		t.Errorf("/metrics does not count the build:\n%s", m.body)
	}

	r := svc.get("/api/packages", "lasare-token")
	var list []api.Package
	r.json(t, &list)
	if r.status != 200 || len(list) != 1 || list[0].ID != run.Packages[0] {
		t.Fatalf("GET /api/packages: %d %s", r.status, r.body)
	}
	id := list[0].ID
	r = svc.get(fmt.Sprintf("/api/packages/%d", id), "lasare-token")
	var pkg api.Package
	r.json(t, &pkg)
	if r.status != 200 || pkg.Manifest == nil || len(pkg.Manifest.Outputs) != 3 || len(pkg.Files) != 4 {
		t.Fatalf("GET package: %d %s", r.status, r.body)
	}

	// Every file downloads with the bytes its manifest describes; the zip holds them all.
	got := map[string][]byte{}
	for _, f := range pkg.Files {
		r := svc.get(f.URL, "lasare-token")
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", f.URL, r.status, r.body)
		}
		if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
			t.Errorf("GET %s: Content-Disposition %q", f.URL, cd)
		}
		if f.SHA256 != "" && sha(r.body) != f.SHA256 {
			t.Errorf("%s: sha256 %s, manifest says %s", f.Name, sha(r.body), f.SHA256)
		}
		if int64(len(r.body)) != f.Size {
			t.Errorf("%s: %d bytes, listed as %d", f.Name, len(r.body), f.Size)
		}
		got[f.Name] = r.body
	}
	zipFile := pkg.Files[len(pkg.Files)-1]
	if !strings.HasSuffix(zipFile.Name, ".zip") {
		t.Fatalf("last file %q is not the zip", zipFile.Name)
	}
	zr, err := zip.NewReader(bytes.NewReader(got[zipFile.Name]), int64(len(got[zipFile.Name])))
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	inZip := 0
	for _, zf := range zr.File {
		want, ok := got[zf.Name]
		if !ok {
			continue // manifest.json
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(b, want) {
			t.Errorf("zip entry %s differs from the single download", zf.Name)
		}
		inZip++
	}
	if inZip != 3 {
		t.Errorf("zip holds %d of the 3 files", inZip)
	}

	// Only the files of the manifest, by name; nothing a request names reaches the disk.
	base := fmt.Sprintf("/api/packages/%d/files/", id)
	deck := pkg.Manifest.Outputs[0].Name
	for _, tt := range []struct {
		name, path string
		want       int
	}{
		{"no sign-in", base + pathEscape(deck), 401},
		{"dot-dot", base + "..%2F..%2Fdata%2Fhandlingsplan.db", 404},
		{"encoded dot-dot", base + "%2e%2e%2f%2e%2e%2fdata%2fhandlingsplan.db", 404},
		{"double-encoded", base + "%252e%252e%252fdata", 404},
		{"dot-dot segment", base + "../../../data/handlingsplan.db", -1},
		{"absolute", base + "%2Fetc%2Fpasswd", 404},
		{"backslashes", base + "..%5C..%5Cdata%5Chandlingsplan.db", 404},
		{"manifest is not a download", base + "manifest.json", 404},
		{"package folder", base + ".", -1},
		{"deck in a sub-path", base + "x%2F" + pathEscape(deck), 404},
		{"id not a number", "/api/packages/abc/files/" + pathEscape(deck), 400},
		{"id with dot-dot", "/api/packages/%2e%2e/files/" + pathEscape(deck), 400},
		{"negative id", "/api/packages/-1/files/" + pathEscape(deck), 400},
		{"id with sign", "/api/packages/+1", 400},
		{"id in hex", "/api/packages/0x1", 400},
		{"unknown package", "/api/packages/999/files/" + pathEscape(deck), 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			token := "lasare-token"
			if tt.want == 401 {
				token = ""
			}
			r := svc.get(tt.path, token)
			switch {
			case tt.want == -1: // the server cleans the path; anything but the file is fine
				if r.status == 200 {
					t.Errorf("GET %s: 200 with %d bytes", tt.path, len(r.body))
				}
			case r.status != tt.want:
				t.Errorf("GET %s: %d, want %d: %s", tt.path, r.status, tt.want, r.body)
			}
			if bytes.Contains(r.body, []byte("SQLite format")) || bytes.Contains(r.body, []byte("root:")) {
				t.Errorf("GET %s served a file from outside the package", tt.path)
			}
		})
	}
}

// TestSupersededFile changes a package's file on disk, as a later build of the
// same package does: the old package no longer serves it as its own.
func TestSupersededFile(t *testing.T) {
	svc := newService(t, setup{})
	name := twoVersions(t, svc)
	run := runToEnd(t, svc, map[string]string{"audience": "plan", "plan": name})
	var pkg api.Package
	svc.get(fmt.Sprintf("/api/packages/%d", run.Packages[0]), "lasare-token").json(t, &pkg)
	f := pkg.Files[0]
	if err := os.WriteFile(filepath.Join(svc.out, pkg.Name, f.Name), []byte("en annan byggnad"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := svc.get(f.URL, "lasare-token")
	if code, msg := r.errorOf(t); r.status != 404 || code != "not_found" || !strings.Contains(msg, "ersatts") {
		t.Errorf("superseded file: %d %s %s", r.status, code, msg)
	}
}

func TestPublicDownloads(t *testing.T) {
	svc := newService(t, setup{publicDownloads: true})
	name := twoVersions(t, svc)
	run := runToEnd(t, svc, map[string]string{"audience": "plan", "plan": name})
	if run.Status != "klar" {
		t.Fatalf("run %s", run.Status)
	}
	r := svc.get("/api/packages", "")
	var list []api.Package
	r.json(t, &list)
	if r.status != 200 || len(list) != 1 {
		t.Fatalf("GET /api/packages without sign-in: %d %s", r.status, r.body)
	}
	if r := svc.get(list[0].Files[0].URL, ""); r.status != 200 || len(r.body) == 0 {
		t.Errorf("download without sign-in: %d", r.status)
	}
	// Public downloads open packages only, not plans or runs.
	if r := svc.get("/api/plans", ""); r.status != 401 {
		t.Errorf("GET /api/plans without sign-in: %d, want 401", r.status)
	}
}

// TestRunJoined asks for the same package twice while a long run is ahead of it
// in the queue: the second request joins the first.
func TestRunJoined(t *testing.T) {
	svc := newService(t, setup{})
	twoVersions(t, svc)
	post := func(body string) api.Run {
		t.Helper()
		r := svc.do("POST", "/api/runs", "admin-token", "application/json", strings.NewReader(body))
		if r.status != http.StatusAccepted {
			t.Fatalf("POST %s: %d %s", body, r.status, r.body)
		}
		var run api.Run
		r.json(t, &run)
		return run
	}
	post(`{"audience":"all"}`)
	first := post(`{"audience":"rsl"}`)
	second := post(`{"audience":" RSL "}`)
	if first.Joined || !second.Joined || second.ID != first.ID || first.Status != "köad" || first.Progress == nil {
		t.Errorf("first %+v, second %+v: want the second to join the queued first", first, second)
	}
}
