package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"handlingsplan/site"
)

// TestPublicSite: the demo publishes its fastställda plans at /publicerat/ to
// anyone, while every other page still asks for sign-in; requests cannot reach
// anything but the site's own files; an adoption on the web page updates the
// site; and in headless Chromium every page of the site passes axe-core (WCAG
// 2.1 AA) at desktop and phone width, with screenshots in normal and print media
// (kept in $HANDLINGSPLAN_SCREENSHOTS when set).
func TestPublicSite(t *testing.T) {
	srv := testServerWith(t, true, nil, func(o *serveOptions) { o.AdoptionPoll = 200 * time.Millisecond })
	waitIdle(t, srv)
	anon := newClient(t, srv.URL)

	code, index, h := anon.do(http.MethodGet, "/publicerat/", nil, "")
	if code != http.StatusOK || !strings.Contains(index, "<h1>Fastställda handlingsplaner</h1>") {
		t.Fatalf("/publicerat/ without sign-in: %d\n%.400s", code, index)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'none'") {
		t.Errorf("/publicerat/ CSP %q", csp)
	}
	if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	pages := regexp.MustCompile(`href="(r[a-z0-9-]+\.html)"`).FindAllStringSubmatch(index, -1)
	if len(pages) < 5 {
		t.Fatalf("the demo publishes %d plans, want at least 5", len(pages))
	}
	code, page := anon.get("/publicerat/" + pages[1][1])
	if code != http.StatusOK || !strings.Contains(page, "fastställd av") {
		t.Errorf("plan page: %d", code)
	}
	pdf := regexp.MustCompile(`href="([A-Za-z0-9-]+\.pdf)"`).FindStringSubmatch(page)
	if pdf == nil {
		t.Fatal("the plan page has no PDF link")
	}
	code, body, h := anon.do(http.MethodGet, "/publicerat/"+pdf[1], nil, "")
	if code != http.StatusOK || !strings.HasPrefix(body, "%PDF") || h.Get("Content-Type") != "application/pdf" {
		t.Errorf("public PDF: %d %q", code, h.Get("Content-Type"))
	}

	// Everything else still needs sign-in.
	for _, p := range []string{"/", "/paket", "/planer/" + url.PathEscape("RPO Psykisk hälsa"), "/korningar"} {
		if code, _ := anon.get(p); code != http.StatusUnauthorized {
			t.Errorf("%s without sign-in: %d, want 401", p, code)
		}
	}
	// Only the site's own files, only GET.
	for _, p := range []string{"/publicerat/manifest.json", "/publicerat/publicerat.zip", "/publicerat/../data/handlingsplan.db",
		"/publicerat/%2e%2e/%2e%2e/etc/passwd", "/publicerat/..%2fdata%2fhandlingsplan.db", "/publicerat/planer/x.html",
		"/publicerat/.paket.lock", "/publicerat/%2Fetc%2Fpasswd", "/publicerat/finns-inte.html"} {
		code, body, h := anon.do(http.MethodGet, p, nil, "")
		if code == http.StatusOK || strings.Contains(body, "root:") || strings.Contains(body, "SQLite") {
			t.Errorf("GET %s: %d", p, code)
		}
		if code/100 == 3 && !strings.HasPrefix(h.Get("Location"), "/") {
			t.Errorf("GET %s redirects off the site: %s", p, h.Get("Location"))
		}
	}
	if code, _, _ := anon.postForm("/publicerat/", url.Values{}); code != http.StatusMethodNotAllowed {
		t.Errorf("POST /publicerat/: %d, want 405", code)
	}

	// An adoption on the web page puts the plan on the site.
	adopted, err := srv.st.LatestAdoptedAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f, _ := srv.cfg.Council("Medicin")
	var next string
	for _, name := range f.Areas {
		if _, err := srv.st.Latest(context.Background(), name); err == nil && adopted[name].Plan == "" {
			next = name
			break
		}
	}
	if next == "" {
		t.Fatal("no unadopted Medicin plan in the demo")
	}
	if strings.Contains(index, ">"+next+"<") {
		t.Fatalf("%s is published before it is adopted", next)
	}
	admin := newClient(t, srv.URL)
	admin.signIn(srv.DemoUser, srv.DemoPassword)
	if code, body, _ := admin.postForm("/planer/"+url.PathEscape(next)+"/faststall", url.Values{"mote": {"2026-12-03"}}); code != http.StatusSeeOther {
		t.Fatalf("fastställ %s: %d\n%.500s", next, code, body)
	}
	waitIdle(t, srv)
	if _, index = anon.get("/publicerat/"); !strings.Contains(index, ">"+next+"<") {
		t.Errorf("%s is not on the site after its adoption", next)
	}
	// An adoption made with the command line, beside the running service, is
	// published too.
	var later string
	for _, name := range f.Areas {
		if _, err := srv.st.Latest(context.Background(), name); err == nil && adopted[name].Plan == "" && name != next {
			later = name
			break
		}
	}
	if later != "" {
		if code, _, stderr := cli(t, "faststall", "--data", srv.cfg.DataDir, "--output", srv.cfg.OutputDir,
			"--plan", later, "--meeting", "2026-12-03", "--by", "sekreteraren"); code != exitOK {
			t.Fatalf("faststall %s: %d %s", later, code, stderr)
		}
		deadline := time.Now().Add(time.Minute)
		for {
			if _, index = anon.get("/publicerat/"); strings.Contains(index, ">"+later+"<") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s, adopted with faststall, is not on the site within a minute", later)
			}
			time.Sleep(200 * time.Millisecond)
		}
		waitIdle(t, srv)
	}
	if code, body := admin.get("/"); code != http.StatusOK || !strings.Contains(body, `href="/publicerat/"`) {
		t.Errorf("the overview does not link to the published site")
	}

	browseSite(t, srv.URL, index)
}

// browseSite runs axe-core on every page of the site at desktop and phone
// width and screenshots each, also as printed.
func browseSite(t *testing.T, base, index string) {
	chromium, axe := browserTools(t)
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	shots := os.Getenv("HANDLINGSPLAN_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "sv-SE"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()

	paths := []string{"/publicerat/"}
	for _, m := range regexp.MustCompile(`href="([a-z0-9-]+\.html)"`).FindAllStringSubmatch(index, -1) {
		if m[1] != site.IndexName {
			paths = append(paths, "/publicerat/"+m[1])
		}
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	name := func(p string) string {
		n := strings.TrimSuffix(strings.TrimPrefix(p, "/publicerat/"), ".html")
		if n == "" {
			n = "index"
		}
		return "publicerat-" + n
	}
	for _, p := range paths {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		// No script runs on the site, and none is needed: there is none.
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scripts.length`))
		if err != nil || n != 0 {
			t.Errorf("%s: %d scripts (%v)", p, n, err)
		}
		audit(t, ctx, axe, name(p))
		shot(name(p))
	}
	// Print media and a phone-sized screen, for the index and the first plan.
	for _, p := range paths[:2] {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		shot(name(p) + "-utskrift")
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		audit(t, ctx, axe, name(p)+"-mobil")
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			t.Errorf("%s: wider than a phone's screen (%v)", p, err)
		}
		shot(name(p) + "-mobil")
		if err := chromedp.Do(ctx, chromedp.EmulateReset()); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d pages of the site checked with axe-core; screenshots in %s", len(paths), shots)
}

// TestSiteCommand: handlingsplan site writes the fastställda plans into a
// folder of its own, leaves an unchanged site alone, and never swaps away a
// folder of other files.
func TestSiteCommand(t *testing.T) {
	dir := t.TempDir()
	data, out := filepath.Join(dir, "data"), filepath.Join(dir, "output")
	if code, _, stderr := cli(t, "demo", "--data", data, "--output", out); code != exitOK {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	web := filepath.Join(dir, "webb")
	code, stdout, stderr := cli(t, "site", "--data", data, "--output", out, "-o", web)
	if code != exitOK || !strings.Contains(stdout, "fastställda planer skriven till") {
		t.Fatalf("site: %d %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(web, site.IndexName)); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := cli(t, "site", "--data", data, "--output", out, "-o", web); code != exitOK || !strings.Contains(stdout, "oförändrad") {
		t.Errorf("site again: %d %q", code, stdout)
	}
	other := filepath.Join(dir, "annat")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "viktigt.txt"), []byte("kvar"), 0o644)
	code, _, stderr = cli(t, "site", "--data", data, "--output", out, "-o", other)
	if code != exitUsage || !strings.Contains(stderr, "innehåller redan annat än en webbplats") {
		t.Errorf("site into a folder of other files: %d %q", code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(other, "viktigt.txt")); err != nil || string(b) != "kvar" {
		t.Error("the other folder's file is gone")
	}
}
