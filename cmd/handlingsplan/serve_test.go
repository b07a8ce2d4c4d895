package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"handlingsplan/auth/password"
	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/store"
)

// testServer boots the real service (the wiring of "serve") on a free loopback
// port with its own data and output folders.
func testServer(t *testing.T, demo bool) *server {
	t.Helper()
	return testServerWith(t, demo, nil)
}

// testServerWith is testServer with the configuration changed by edit first.
func testServerWith(t *testing.T, demo bool, edit func(cfg *config.Config)) *server {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg.DataDir, cfg.OutputDir = filepath.Join(dir, "data"), filepath.Join(dir, "output")
	cfg.Server.Addr = "127.0.0.1:0"
	cfg.Server.MaxUploadBytes = 40 << 20
	cfg.Server.ShutdownGrace = 20 * time.Second
	for _, u := range []config.AuthUser{
		{Name: "lasse", Role: config.RoleReader, Password: "lasare-lösen"},
		{Name: "ingrid", Role: config.RoleSubmitter, Password: "inlamnare-lösen"},
		{Name: "adam", Role: config.RoleAdmin, Password: "admin-lösen"},
	} {
		if u.Password, err = password.New(u.Password); err != nil {
			t.Fatal(err)
		}
		cfg.Auth.Users = append(cfg.Auth.Users, u)
	}
	if edit != nil {
		edit(cfg)
	}
	srv, err := startServer(context.Background(), serveOptions{Config: cfg, Demo: demo})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return srv
}

// client is a browser-like HTTP client with its own cookies; it does not follow
// redirects, so that tests see them.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, hc: &http.Client{Jar: jar, Timeout: 2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends a request as a same-origin browser form would, and returns status and body.
func (c *client) do(method, path string, body io.Reader, contentType string, hdr ...string) (int, string, http.Header) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if method == http.MethodPost {
		req.Header.Set("Origin", c.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func (c *client) get(path string) (int, string) {
	c.t.Helper()
	code, body, _ := c.do(http.MethodGet, path, nil, "")
	return code, body
}

func (c *client) postForm(path string, v url.Values, hdr ...string) (int, string, http.Header) {
	c.t.Helper()
	return c.do(http.MethodPost, path, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded", hdr...)
}

func (c *client) signIn(name, password string) {
	c.t.Helper()
	code, body, h := c.postForm("/logga-in", url.Values{"namn": {name}, "losenord": {password}, "tillbaka": {"/"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/" {
		c.t.Fatalf("sign in as %s: %d %s\n%s", name, code, h.Get("Location"), body)
	}
}

// upload posts files to Lämna in as the page's form does.
func (c *client) upload(files map[string][]byte, hdr ...string) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, data := range files {
		fw, err := mw.CreateFormFile("filer", name)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	code, body, _ := c.do(http.MethodPost, "/lamna-in", &buf, mw.FormDataContentType(), hdr...)
	return code, body
}

// samplePlan is a sample plan of the catalog as a filled Excel template, with a
// change so that it becomes a new version.
func samplePlan(t *testing.T, cfg *config.Config, area string, edit func(p *plan.Plan)) (string, []byte) {
	t.Helper()
	set := sample.Make(&cfg.Catalog, time.Now(), 1)
	for _, p := range set.Current {
		if strings.Contains(p.Name, area) {
			if edit != nil {
				edit(p)
			}
			name, data, err := sample.File(&cfg.Catalog, p)
			if err != nil {
				t.Fatal(err)
			}
			return name, data
		}
	}
	t.Fatalf("no sample plan for %s", area)
	return "", nil
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", body)
	}
}

func TestServe(t *testing.T) {
	srv := testServer(t, true)
	cfg := srv.cfg
	anon := newClient(t, srv.URL)
	admin := newClient(t, srv.URL)
	admin.signIn(srv.DemoUser, srv.DemoPassword)
	reader := newClient(t, srv.URL)
	reader.signIn("lasse", "lasare-lösen")
	submitter := newClient(t, srv.URL)
	submitter.signIn("ingrid", "inlamnare-lösen")
	waitIdle(t, srv)

	t.Run("Healthz", func(t *testing.T) {
		code, body := anon.get("/healthz")
		if code != http.StatusOK || strings.TrimSpace(body) != "ok" {
			t.Errorf("healthz: %d %q", code, body)
		}
	})

	t.Run("SecurityHeaders", func(t *testing.T) {
		_, _, h := anon.do(http.MethodGet, "/logga-in", nil, "")
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "same-origin",
		} {
			if got := h.Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP %q lacks %q", csp, want)
			}
		}
	})

	t.Run("Roles", func(t *testing.T) {
		tests := []struct {
			name   string
			c      *client
			method string
			path   string
			want   int
		}{
			{"AnonOverview", anon, "GET", "/", http.StatusUnauthorized},
			{"AnonPackages", anon, "GET", "/paket", http.StatusUnauthorized},
			{"AnonDownload", anon, "GET", "/paket/1/manifest.json", http.StatusUnauthorized},
			{"AnonUpload", anon, "POST", "/lamna-in", http.StatusUnauthorized},
			{"ReaderOverview", reader, "GET", "/", http.StatusOK},
			{"ReaderSubmitForm", reader, "GET", "/lamna-in", http.StatusForbidden},
			{"ReaderUpload", reader, "POST", "/lamna-in", http.StatusForbidden},
			{"ReaderRunNow", reader, "POST", "/korningar", http.StatusForbidden},
			{"SubmitterSubmitForm", submitter, "GET", "/lamna-in", http.StatusOK},
			{"SubmitterRunNow", submitter, "POST", "/korningar", http.StatusForbidden},
			{"AdminRuns", admin, "GET", "/korningar", http.StatusOK},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, body, _ := tt.c.do(tt.method, tt.path, strings.NewReader(""), "application/x-www-form-urlencoded")
				if code != tt.want {
					t.Fatalf("%s %s: %d, want %d\n%s", tt.method, tt.path, code, tt.want, body)
				}
				switch code {
				case http.StatusUnauthorized:
					mustContain(t, body, `<form method="post" action="/logga-in"`, "Logga in för att se sidan.")
				case http.StatusForbidden:
					mustContain(t, body, "Det här kräver rollen")
				}
			})
		}
	})

	t.Run("SignInFailure", func(t *testing.T) {
		c := newClient(t, srv.URL)
		code, body, _ := c.postForm("/logga-in", url.Values{"namn": {"demo"}, "losenord": {"fel"}})
		if code != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", code)
		}
		mustContain(t, body, `aria-describedby="losenord-fel"`, "Fel användarnamn eller lösenord.")
		code, body, _ = c.postForm("/logga-in", url.Values{"namn": {""}, "losenord": {""}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("empty form: %d", code)
		}
		mustContain(t, body, `id="namn-fel"`, "Skriv ditt användarnamn.", "Skriv ditt lösenord.")
	})

	t.Run("Overview", func(t *testing.T) {
		code, body := reader.get("/")
		if code != http.StatusOK {
			t.Fatalf("overview: %d", code)
		}
		mustContain(t, body, "Kunskapsråd Medicin", "RSG Patientsäkerhet", "Plan saknas", "Nästa möte",
			// The meeting documents' Inlämning and Fastställd columns (SPEC §7).
			"sista dag för inlämning", `<th scope="col">Inlämning</th>`, `<th scope="col">Fastställd</th>`, "Ej fastställd")
		if !strings.Contains(body, "I tid") && !strings.Contains(body, "Sen") {
			t.Errorf("no plan's deadline status is shown")
		}
		if !strings.Contains(body, "Inaktuell") && !strings.Contains(body, "Ny plan, senast uppdaterad") {
			t.Errorf("the stale sample plan is not flagged")
		}
	})

	t.Run("UploadGoodAndBad", func(t *testing.T) {
		goodName, good := samplePlan(t, cfg, "Psykisk hälsa", func(p *plan.Plan) {
			p.Areas[0].Activities[0].FollowUp.Goal = "Väntetiden till första besök ska vara högst 30 dagar 2027."
		})
		_, bad := samplePlan(t, cfg, "Primärvård", func(p *plan.Plan) {
			p.Areas[0].Activities[0].Status = plan.StatusNone
		})
		code, body := submitter.upload(map[string][]byte{goodName: good, "trasig.xlsx": bad, "inte-excel.xlsx": []byte("hej")})
		if code != http.StatusOK {
			t.Fatalf("upload: %d\n%s", code, body)
		}
		mustContain(t, body, "3 filer har behandlats", goodName, "Godkänd", "ny version", "trasig.xlsx", "Avvisad",
			"inte-excel.xlsx", `<td class="loc">Aktiviteter!`)
		if !regexp.MustCompile(`Aktiviteter![A-Z]+[0-9]+`).MatchString(body) {
			t.Errorf("no cell location on the result page")
		}
		// Kept byte for byte.
		sum := sha256.Sum256(good)
		sub, ok, err := srv.st.SubmissionBySHA(context.Background(), hex.EncodeToString(sum[:]))
		if err != nil || !ok || !sub.Accepted {
			t.Fatalf("good file not recorded as accepted: %v %v %+v", err, ok, sub)
		}
		kept, err := os.ReadFile(filepath.Join(cfg.DataDir, sub.KeptPath))
		if err != nil || !bytes.Equal(kept, good) {
			t.Errorf("kept copy differs from the upload (%v)", err)
		}
		// The rejected file's report is on its page.
		subs, err := srv.st.Submissions(context.Background(), 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range subs {
			if s.FileName == "trasig.xlsx" {
				code, body := reader.get(fmt.Sprintf("/inlamningar/%d", s.ID))
				if code != http.StatusOK {
					t.Fatalf("submission page: %d", code)
				}
				mustContain(t, body, "Felrapport", "Avvisad", "Aktiviteter!")
			}
		}
		code, body = reader.get("/inlamningar")
		if code != http.StatusOK {
			t.Fatalf("submissions: %d", code)
		}
		mustContain(t, body, "trasig.xlsx", goodName)

		// The plan page shows the new version and a diff to the previous one.
		name, _, _ := cfg.Catalog.Area("Psykisk hälsa")
		code, body = reader.get("/planer/" + url.PathEscape(name) + "?fran=1&till=3")
		if code != http.StatusOK {
			t.Fatalf("plan page: %d\n%s", code, body)
		}
		mustContain(t, body, "Historik", "Ändringar från version 1 till version 3", "Ändrade mål", "högst 30 dagar")
		code, body = reader.get("/planer/" + url.PathEscape(name) + "?fran=1&till=99")
		if code != http.StatusUnprocessableEntity {
			t.Errorf("diff to a missing version: %d", code)
		}
		mustContain(t, body, `aria-describedby="jamfor-fel"`, "Välj två versioner som finns")
	})

	t.Run("UploadEmptyAndTooLarge", func(t *testing.T) {
		code, body := submitter.upload(map[string][]byte{})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("no file: %d", code)
		}
		mustContain(t, body, `aria-describedby="filer-hjalp filer-fel"`, "Välj en eller flera filer")
		big := bytes.Repeat([]byte("x"), 41<<20)
		code, body = submitter.upload(map[string][]byte{"stor.xlsx": big})
		if code != http.StatusRequestEntityTooLarge {
			t.Errorf("too large: %d", code)
		}
		mustContain(t, body, `id="filer-fel"`, "MB")
	})

	t.Run("CrossOrigin", func(t *testing.T) {
		for _, hdr := range [][]string{
			{"Origin", "https://angripare.example", "Sec-Fetch-Site", ""},
			{"Origin", "", "Sec-Fetch-Site", "cross-site"},
		} {
			_, data := samplePlan(t, cfg, "Äldres hälsa", nil)
			code, body := submitter.upload(map[string][]byte{"x.xlsx": data}, hdr...)
			if code != http.StatusForbidden {
				t.Errorf("cross-origin upload (%v): %d", hdr, code)
			}
			mustContain(t, body, "annan webbplats")
			code, _, _ = admin.postForm("/korningar", url.Values{"malgrupp": {"rsl"}}, hdr...)
			if code != http.StatusForbidden {
				t.Errorf("cross-origin run (%v): %d", hdr, code)
			}
		}
	})

	t.Run("PackagesAndDownloads", func(t *testing.T) {
		code, body := reader.get("/paket")
		if code != http.StatusOK {
			t.Fatalf("packages: %d", code)
		}
		mustContain(t, body, "Kunskapsråd Medicin", "Presentation (PowerPoint)", "Zip")
		pkgs, err := srv.st.Packages(context.Background(), 0)
		if err != nil || len(pkgs) == 0 {
			t.Fatalf("no packages: %v", err)
		}
		p := pkgs[0]
		var m output.Manifest
		if err := json.Unmarshal(p.Manifest, &m); err != nil {
			t.Fatal(err)
		}
		for _, o := range m.Outputs {
			code, body, h := reader.do(http.MethodGet, fmt.Sprintf("/paket/%d/%s", p.ID, url.PathEscape(o.Name)), nil, "")
			if code != http.StatusOK {
				t.Fatalf("download %s: %d", o.Name, code)
			}
			sum := sha256.Sum256([]byte(body))
			if hex.EncodeToString(sum[:]) != o.SHA256 || int64(len(body)) != o.Size {
				t.Errorf("%s: downloaded file differs from the manifest", o.Name)
			}
			if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
				t.Errorf("%s: not an attachment", o.Name)
			}
		}
		code, body = reader.get(fmt.Sprintf("/paket/%d/%s", p.ID, filepath.Base(p.ZipPath)))
		if code != http.StatusOK {
			t.Fatalf("zip: %d", code)
		}
		zr, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
		if err != nil {
			t.Fatalf("zip: %v", err)
		}
		if len(zr.File) != len(m.Outputs)+1 {
			t.Errorf("zip holds %d files, want %d", len(zr.File), len(m.Outputs)+1)
		}

		// Nothing but a manifest's files, by package id, is ever served.
		if err := os.WriteFile(filepath.Join(cfg.DataDir, "hemlig.txt"), []byte("hemlig"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{
			fmt.Sprintf("/paket/%d/..%%2F..%%2Fdata%%2Fhemlig.txt", p.ID),
			fmt.Sprintf("/paket/%d/%%2e%%2e", p.ID),
			fmt.Sprintf("/paket/%d/..%%5C..%%5Chemlig.txt", p.ID),
			fmt.Sprintf("/paket/%d/%s", p.ID, url.PathEscape("../"+p.Path+"/"+m.Outputs[0].Name)),
			"/paket/999999/manifest.json",
			"/paket/x/manifest.json",
			"/static/..%2F..%2Fweb.go",
			"/mallar/..%2Fconfig.yaml",
			"/mallar/virus.exe",
		} {
			code, body := reader.get(path)
			if code == http.StatusOK || strings.Contains(body, "hemlig") || strings.Contains(body, "package web") {
				t.Errorf("%s: %d served something", path, code)
			}
			if code == http.StatusNotFound && !strings.Contains(body, "finns") {
				t.Errorf("%s: 404 without a Swedish message: %s", path, body)
			}
		}
	})

	t.Run("Templates", func(t *testing.T) {
		for _, name := range []string{"Handlingsplan-mall.xlsx", "Handlingsplan-mall.pptx"} {
			code, body := reader.get("/mallar/" + name)
			if code != http.StatusOK || !strings.HasPrefix(body, "PK") {
				t.Errorf("%s: %d", name, code)
			}
		}
	})

	t.Run("Upcoming", func(t *testing.T) {
		code, body := reader.get("/korningar")
		if code != http.StatusOK {
			t.Fatalf("runs: %d", code)
		}
		if !regexp.MustCompile(`<ul class="upcoming">\s*<li><time datetime="[0-9T:-]+">[a-zåäö]+dag \d+ [a-zåäö]+ kl\. \d\d:\d\d: [^<]+</time>`).MatchString(body) {
			t.Errorf("no coming builds in plain Swedish:\n%s", body)
		}
		mustContain(t, body, "inför mötet")
	})

	t.Run("RunByHand", func(t *testing.T) {
		code, body, _ := admin.postForm("/korningar", url.Values{"malgrupp": {"styrelse"}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("unknown audience: %d", code)
		}
		mustContain(t, body, `aria-describedby="malgrupp-fel"`, "Välj vad som ska byggas")
		code, body, _ = admin.postForm("/korningar", url.Values{"malgrupp": {"kr"}, "mote": {"3 dec"}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("bad date: %d", code)
		}
		mustContain(t, body, `aria-describedby="mote-fel"`, "ÅÅÅÅ-MM-DD")

		waitIdle(t, srv) // rebuilds after the uploads above
		code, _, h := admin.postForm("/korningar", url.Values{"malgrupp": {"kr"}, "forum": {"Kunskapsråd Medicin"}})
		if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/korningar/") {
			t.Fatalf("run now: %d %q", code, h.Get("Location"))
		}
		code, body, rh := admin.do(http.MethodGet, h.Get("Location"), nil, "")
		if code != http.StatusOK {
			t.Fatalf("run page: %d\n%s", code, body)
		}
		if strings.Contains(body, "paket</p>") || strings.Contains(body, "Väntar på sin tur") {
			// Still running: the page says how far it has come and reloads itself.
			if !regexp.MustCompile(`\d+ av \d+ paket|Väntar på sin tur`).MatchString(body) || rh.Get("Refresh") == "" {
				t.Errorf("a running build's page shows no progress or does not reload:\n%s", body)
			}
			mustContain(t, body, "Sluta uppdatera automatiskt")
		}
		waitIdle(t, srv)
		log, err := srv.st.AuditLog(context.Background(), 50)
		if err != nil {
			t.Fatal(err)
		}
		var ran, uploaded bool
		for _, a := range log {
			ran = ran || (a.Action == "körning" && a.Actor == srv.DemoUser)
			uploaded = uploaded || (a.Action == "inlämning" && a.Actor == "ingrid")
		}
		if !ran || !uploaded {
			t.Errorf("audit log lacks the run (%v) or the upload (%v): %+v", ran, uploaded, log)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(strings.SplitN(h.Get("Location"), "?", 2)[0], "/korningar/"), 10, 64)
		run, err := srv.st.RunByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if run.Outcome != store.RunOK || run.By != srv.DemoUser || run.Reason != "manuell" || run.Forum != "Kunskapsråd Medicin" {
			t.Errorf("run by hand: %+v", run)
		}
	})

	t.Run("APIAndMetrics", func(t *testing.T) {
		code, body := anon.get("/api/plans")
		if code != http.StatusUnauthorized || !strings.Contains(body, `"error"`) {
			t.Errorf("API without credentials: %d %s", code, body)
		}
		code, body = reader.get("/api/plans")
		if code != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(body), "{") && !strings.HasPrefix(strings.TrimSpace(body), "[") {
			t.Errorf("API with a session: %d %.200s", code, body)
		}
		code, body = anon.get("/metrics")
		if code != http.StatusOK {
			t.Fatalf("metrics: %d", code)
		}
		for _, want := range []string{`handlingsplan_http_requests_total{code="200",route="GET /{$}"}`,
			`route="POST /lamna-in"`, `handlingsplan_submissions_total{outcome="rejected"}`,
			`handlingsplan_submissions_total{outcome="new_version"}`, "handlingsplan_build_queue_length",
			`handlingsplan_builds_total{outcome="klar"}`} {
			if !strings.Contains(body, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		code, body := reader.get("/finns-inte")
		if code != http.StatusNotFound {
			t.Errorf("unknown page: %d", code)
		}
		mustContain(t, body, "Sidan finns inte", `lang="sv"`)
		code, body = reader.get("/planer/RPO%20Ortopedi")
		if code != http.StatusNotFound {
			t.Errorf("unknown plan: %d", code)
		}
		mustContain(t, body, "Det finns inget programområde")
	})
}

func mustPackages(t *testing.T, st *store.Store) []store.Package {
	t.Helper()
	p, err := st.Packages(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// waitIdle waits until the build queue has nothing left to do.
func waitIdle(t *testing.T, srv *server) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		if srv.queue.Len() == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the build queue did not finish within 3 minutes")
}

func TestServeStartupErrors(t *testing.T) {
	t.Run("PortTaken", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		dir := t.TempDir()
		code, _, stderr := cli(t, "serve", "--addr", ln.Addr().String(), "--data", dir, "--output", dir)
		if code != exitFail || !strings.Contains(stderr, "är upptagen") {
			t.Errorf("taken port: exit %d, %q", code, stderr)
		}
	})
	t.Run("BadConfig", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "config.yaml")
		def, err := os.ReadFile("../../config.yaml")
		if err != nil {
			t.Fatal(err)
		}
		bad := strings.Replace(string(def), "addr: 127.0.0.1:8080", "addr: nej", 1)
		if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := cli(t, "serve", "--config", path)
		if code != exitUsage || !strings.Contains(stderr, "server.addr") {
			t.Errorf("bad config: exit %d, %q", code, stderr)
		}
	})
}
