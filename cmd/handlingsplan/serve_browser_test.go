package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"handlingsplan/plan"
	"handlingsplan/templates"
)

// axePath is the axe-core that web/testdata/package-lock.json pins (npm ci there).
const axePath = "../../web/testdata/node_modules/axe-core/axe.min.js"

// browserTools finds headless Chromium and axe-core; without them the test skips,
// unless HANDLINGSPLAN_REQUIRE_TOOLS=1.
func browserTools(t *testing.T) (chromium string, axe []byte) {
	t.Helper()
	missing := func(what string) {
		if os.Getenv("HANDLINGSPLAN_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is missing (HANDLINGSPLAN_REQUIRE_TOOLS=1)", what)
		}
		t.Skipf("%s is missing", what)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		missing("chromium (apt-get install chromium)")
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		missing("axe-core (npm ci in web/testdata)")
	}
	return chromium, axe
}

// axeViolation is the part of an axe-core result that a failure message needs.
type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// audit runs axe-core (its source in axe) on the page ctx shows now and fails t
// for every WCAG 2.1 A or AA violation, naming the page.
func audit(t *testing.T, ctx context.Context, axe []byte, name string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
		t.Fatalf("%s: inject axe: %v", name, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", name, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatalf("%s: axe result: %v", name, err)
	}
	for _, v := range vs {
		for _, n := range v.Nodes {
			t.Errorf("%s: axe %s (%s) at %v: %s", name, v.ID, v.Help, n.Target, n.HTML)
		}
	}
}

// TestBrowser drives the service with headless Chromium as a user would: sign in,
// upload a filled template and a broken one, see the result with its locations,
// download a deck; and runs axe-core (WCAG 2.1 AA) on every page, with a
// screenshot of each (kept in $HANDLINGSPLAN_SCREENSHOTS when set).
func TestBrowser(t *testing.T) {
	chromium, axe := browserTools(t)
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	srv := testServer(t, true)
	waitIdle(t, srv)
	shots := os.Getenv("HANDLINGSPLAN_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	downloads := t.TempDir()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "sv-SE"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}

	checked := map[string]bool{}
	// check runs axe-core on the page shown now and screenshots it.
	check := func(name string) {
		t.Helper()
		audit(t, ctx, axe, name)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		checked[name] = true
	}
	visit := func(name, path string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		check(name)
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatal(err)
		}
		return text
	}

	// Signed out: the sign-in page, a failed sign-in, then signing in.
	visit("01-logga-in", "/logga-in")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("namn"), srv.DemoUser),
		chromedp.SendKeys(chromedp.ID("losenord"), "fel lösenord"),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("losenord-fel"))); err != nil {
		t.Fatalf("failed sign-in: %v", err)
	}
	check("02-logga-in-fel")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/logga-in"),
		chromedp.SendKeys(chromedp.ID("namn"), srv.DemoUser),
		chromedp.SendKeys(chromedp.ID("losenord"), srv.DemoPassword),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("section.forum"))); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	check("03-oversikt")

	// Upload a filled template and a broken one through the form.
	dir := t.TempDir()
	goodName, good := samplePlan(t, srv.cfg, "Hjärt", func(p *plan.Plan) {
		p.Areas[0].Activities[0].Comment = "Uppdaterad i webbläsartestet."
	})
	_, bad := samplePlan(t, srv.cfg, "Endokrina", func(p *plan.Plan) { p.Areas[0].Activities[1].Status = plan.StatusNone })
	goodPath, badPath := filepath.Join(dir, goodName), filepath.Join(dir, "Endokrina fel.xlsx")
	os.WriteFile(goodPath, good, 0o644)
	os.WriteFile(badPath, bad, 0o644)
	visit("04-lamna-in", "/lamna-in")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("filer"), []string{goodPath, badPath}),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("section.result-rejected"))); err != nil {
		t.Fatalf("upload: %v", err)
	}
	check("05-lamna-in-resultat")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{goodName, "Godkänd", "Endokrina fel.xlsx", "Avvisad", "Aktiviteter!"} {
		if !strings.Contains(text, want) {
			t.Errorf("upload result lacks %q:\n%s", want, text)
		}
	}

	subs, err := srv.st.Submissions(context.Background(), 1)
	if err != nil || len(subs) == 0 {
		t.Fatalf("submissions: %v", err)
	}
	visit("06-inlamningar", "/inlamningar")
	visit("07-inlamning", fmt.Sprintf("/inlamningar/%d", subs[0].ID))
	name, _, _ := srv.cfg.Catalog.Area("Hjärt- och kärlsjukdomar")
	visit("08-plan", "/planer/"+url.PathEscape(name))
	visit("09-plan-jamfor", "/planer/"+url.PathEscape(name)+"?fran=1&till=3#jamfor")
	// Fastställ: a day that is no meeting (as a stale form could send) shows the
	// error at the field, then the first meeting is adopted.
	adoptButton := chromedp.CSS(`form[action$="/faststall"] button[type=submit]`)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/planer/"+url.PathEscape(name)),
		chromedp.Evaluate[chromedp.Void](`(s => { s.add(new Option("4 december", "2026-12-04")); s.value = "2026-12-04" })(document.getElementById("mote"))`),
		chromedp.Click(adoptButton),
		chromedp.WaitVisible(chromedp.ID("mote-fel"))); err != nil {
		t.Fatalf("fastställ without a meeting: %v", err)
	}
	check("09b-plan-faststall-fel")
	// The demo has adopted plans already: wait for the message of this adoption.
	if err := chromedp.Do(ctx, chromedp.Click(adoptButton), chromedp.WaitVisible(chromedp.CSS("#faststallande + div.notice"))); err != nil {
		t.Fatalf("fastställ: %v", err)
	}
	check("09c-plan-faststalld")
	// Beslut: the demo's decisions, a step out of order (the error at its
	// form), and a file that is no working list (the report with its place).
	text = visit("09d-beslut", "/beslut")
	for _, want := range []string{"Beslutad i SVN", "bifall", "Bordlagd", "Beredd i RSL", "Bedömd i KR", "Föreslagen"} {
		if !strings.Contains(text, want) {
			t.Errorf("Beslut lacks %q", want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
			const f = [...document.querySelectorAll("form.step-form")].find(f => f.steg.value === "bedomd_kr");
			f.closest("details").open = true; f.steg.value = "beslutad_svn"; f.utfall.value = "bifall"; f.requestSubmit();
		})()`),
		chromedp.WaitVisible(chromedp.CSS("details[open] .error-message"))); err != nil {
		t.Fatalf("step out of order: %v", err)
	}
	check("09e-beslut-fel")
	listPath := filepath.Join(dir, "Overenskommelse ifylld.xlsx")
	os.WriteFile(listPath, filledList(t, svnBook(t, srv), map[string]string{templates.WorkHeadDecision: "Kanske", templates.WorkHeadDecidedOn: "i går"}), 0o644)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("lista"), []string{listPath}),
		chromedp.Click(chromedp.CSS(`form[action="/beslut/arbetslista"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("table.problems"))); err != nil {
		t.Fatalf("work list upload: %v", err)
	}
	check("09f-beslut-arbetslista-fel")
	text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.problems")))
	if err != nil || !strings.Contains(text, "'Förslag till överenskommelse'!L2") || !strings.Contains(text, "'Förslag till överenskommelse'!M2") {
		t.Errorf("work list report lacks the cells: %q %v", text, err)
	}
	visit("10-paket", "/paket")

	// Download a deck as a user would: click its link.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href$=".pptx"]`))); err != nil {
		t.Fatalf("download: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	var got []string
	for time.Now().Before(deadline) {
		got, _ = filepath.Glob(filepath.Join(downloads, "*.pptx"))
		if len(got) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(got) == 0 {
		t.Errorf("no deck was downloaded into %s", downloads)
	} else if b, err := os.ReadFile(got[0]); err != nil || len(b) < 1000 || string(b[:2]) != "PK" {
		t.Errorf("downloaded deck %s is no pptx (%v)", got[0], err)
	}

	visit("11-mallar", "/mallar")
	visit("12-korningar", "/korningar")
	// Kör nu: a run started by hand shows its progress page.
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("malgrupp"), "all"),
		chromedp.Click(chromedp.CSS("#kor-nu + form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.lead"))); err != nil {
		t.Fatalf("run now: %v", err)
	}
	check("13-korning")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/korningar"), chromedp.SetValue(chromedp.ID("mote"), "3 dec"),
		chromedp.Click(chromedp.CSS("#kor-nu + form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("mote-fel"))); err != nil {
		t.Fatalf("run now with a bad date: %v", err)
	}
	check("14-korningar-fel")
	visit("15-finns-inte", "/paket/999/x.pptx")
	// A phone-sized screen: the same pages reflow.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	visit("18-mobil-oversikt", "/")
	visit("19-mobil-lamna-in", "/lamna-in")
	if err := chromedp.Do(ctx, chromedp.EmulateReset()); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, srv)

	// Signed out again.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.Click(chromedp.CSS(".who button")),
		chromedp.WaitVisible(chromedp.ID("namn"))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	check("16-utloggad")
	visit("17-ej-inloggad", "/paket")
	t.Logf("%d pages checked with axe-core; screenshots in %s", len(checked), shots)
}
