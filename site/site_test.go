package site

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/sample"
	"handlingsplan/plan"
	"handlingsplan/store"
	"handlingsplan/templates"
)

var today = time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)

const (
	hjarta   = "RPO Hjärt- och kärlsjukdomar"
	psykisk  = "RPO Psykisk hälsa"
	endokrin = "RPO Endokrina sjukdomar" // never adopted
	// Markers planted in what must never be published.
	secretCost     = "HEMLIG-KOSTNAD 2,4 mnkr för vårdplatser"
	newerVersion   = "OFASTSTÄLLD-VERSION ändrad efter mötet"
	unadoptedText  = "OPUBLICERAD-PLAN aktivitet"
	secretContact  = "Hemliga Kontakten"
	hiddenSupport  = "Behov av ledningsstöd"
	hiddenDetail   = "Beskrivning av förändring"
	hiddenContactL = "Kontaktperson"
)

// fixture is a store with the sample plans in two versions and a configuration
// that hides ledningsstöd, the change's description and the contact person.
type fixture struct {
	st  *store.Store
	cfg *config.Config
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Publication.Hide = []templates.Field{templates.ColSupport, templates.ColImpactDetail, templates.PlanContact}
	st, err := store.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	set := sample.Make(&cfg.Catalog, today, 1)
	for _, p := range set.Earlier {
		plant(p)
	}
	for _, p := range set.Current {
		plant(p)
		if p.Name == hjarta { // the version received after the adoption
			p.Areas[0].Activities[0].Comment = newerVersion
		}
	}
	ctx := context.Background()
	for _, batch := range []struct {
		plans []*plan.Plan
		at    time.Time
	}{{set.Earlier, set.EarlyDay}, {set.Current, today}} {
		at := batch.at
		st.Now = func() time.Time { return at }
		for _, p := range batch.plans {
			sum := sha256.Sum256([]byte(p.Name + at.String()))
			sub := store.Submission{FileName: p.Name + ".xlsx", SHA256: hex.EncodeToString(sum[:]), Format: "xlsx", Received: at}
			if _, _, _, err := st.Accept(ctx, sub, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.Now = time.Now
	return &fixture{st: st, cfg: cfg}
}

// plant puts what must not be published into a plan: a costed change that asks
// for ledningsstöd, a contact person, and for the unadopted plan a marker.
func plant(p *plan.Plan) {
	// The sample's comments name the need in their own words; those words are
	// the owner's comment, not the hidden field, so they are reworded here and
	// the label can be looked for anywhere.
	for _, aa := range p.Activities() {
		aa.Activity.Comment = strings.ReplaceAll(aa.Activity.Comment, "Behov av ledningsstöd", "Stöd behövs")
	}
	a := &p.Areas[0].Activities[0]
	a.NeedsSupport = true
	a.Impact = plan.ImpactFinancial
	a.ImpactDetail = secretCost
	p.Contact = secretContact
	if p.Name == endokrin {
		a.Description = unadoptedText
	}
}

func (f *fixture) adopt(t *testing.T, name string, version int, meeting string) {
	t.Helper()
	m, err := time.ParseInLocation("2006-01-02", meeting, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	_, forum, _, err := f.cfg.AdoptionMeeting(name, m)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.st.Adopt(context.Background(), store.Adoption{Plan: name, Version: version, Forum: forum, Meeting: m, By: "test"}); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) write(t *testing.T, dir string, force bool) (skipped bool) {
	t.Helper()
	s, err := Render(context.Background(), f.st, f.cfg, "test")
	if err != nil {
		t.Fatal(err)
	}
	_, skipped, err = s.Write(context.Background(), dir, force)
	if err != nil {
		t.Fatal(err)
	}
	return skipped
}

// TestSiteContent: only fastställda plans are published, each in its adopted
// version, and no hidden field – label or content – is in any published file:
// the pages, the text of the PDFs and the XML of the decks.
func TestSiteContent(t *testing.T) {
	f := newFixture(t)
	f.adopt(t, hjarta, 1, "2026-09-10") // version 2 came later and is not adopted
	f.adopt(t, psykisk, 2, "2026-09-15")
	dir := filepath.Join(t.TempDir(), "webbplats")
	f.write(t, dir, false)

	texts := publishedTexts(t, dir)
	for _, want := range []string{IndexName, StyleName, "rpo-hjart-och-karlsjukdomar.html", "rpo-psykisk-halsa.html",
		"Handlingsplan-RPO-Hjart-och-karlsjukdomar.pdf", "Handlingsplan-RPO-Psykisk-halsa.pptx"} {
		if _, ok := texts[want]; !ok {
			t.Errorf("%s is not published", want)
		}
	}
	if _, ok := texts["rpo-endokrina-sjukdomar.html"]; ok {
		t.Error("the unadopted plan has a page")
	}
	for name, text := range texts {
		for _, banned := range []string{secretCost, newerVersion, unadoptedText, secretContact, endokrin,
			hiddenSupport, hiddenDetail, hiddenContactL} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(banned)) {
				t.Errorf("%s publishes %q", name, banned)
			}
		}
	}
	page := texts["rpo-hjart-och-karlsjukdomar.html"]
	for _, want := range []string{"Version 1, fastställd av Kunskapsråd Medicin 10 september 2026", "Påverkan på överenskommelsen",
		"Finansiell förändring", "Ladda ned planen som PDF", "Patientlöften"} {
		if !strings.Contains(page, want) {
			t.Errorf("the plan's page lacks %q", want)
		}
	}
	if pdf := texts["Handlingsplan-RPO-Hjart-och-karlsjukdomar.pdf"]; pdf != "" && !strings.Contains(pdf, "Version 1, fastställd av Kunskapsråd Medicin") {
		t.Errorf("the public PDF does not say which version is fastställd:\n%.600s", pdf)
	}
	if deck := texts["Handlingsplan-RPO-Hjart-och-karlsjukdomar.pptx"]; !strings.Contains(deck, "Version 1, fastställd av Kunskapsråd Medicin") {
		t.Errorf("the public deck does not say which version is fastställd")
	}
	index := texts[IndexName]
	for _, want := range []string{"Kunskapsråd Medicin", "Regionsjukvårdsledningen", `href="rpo-hjart-och-karlsjukdomar.html"`, "2 fastställda planer"} {
		if !strings.Contains(index, want) {
			t.Errorf("the index lacks %q", want)
		}
	}
}

// TestSiteStableURL: a newer adopted version keeps the page's address and
// shows the new version; the old site is replaced whole, without leftovers.
func TestSiteStableURL(t *testing.T) {
	f := newFixture(t)
	f.adopt(t, hjarta, 1, "2026-09-10")
	dir := filepath.Join(t.TempDir(), "webbplats")
	f.write(t, dir, false)
	if !f.write(t, dir, false) {
		t.Error("an unchanged site was written again")
	}
	if err := os.WriteFile(filepath.Join(dir, "gammal.html"), []byte("kvar?"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.adopt(t, hjarta, 2, "2026-12-03")
	if f.write(t, dir, false) {
		t.Fatal("a new adoption left the site as it was")
	}
	b, err := os.ReadFile(filepath.Join(dir, "rpo-hjart-och-karlsjukdomar.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Version 2, fastställd av Kunskapsråd Medicin 3 december 2026") || !strings.Contains(string(b), newerVersion) {
		t.Error("the page at the same address does not show the newly adopted version")
	}
	if _, err := os.Stat(filepath.Join(dir, "gammal.html")); err == nil {
		t.Error("a file that no longer belongs to the site is still there")
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".*"))
	if len(leftovers) > 0 {
		t.Errorf("debris beside the site: %v", leftovers)
	}
}

// TestSiteDeterministic: the same store and configuration give the same bytes.
func TestSiteDeterministic(t *testing.T) {
	f := newFixture(t)
	f.adopt(t, psykisk, 2, "2026-09-15")
	a, b := filepath.Join(t.TempDir(), "site"), filepath.Join(t.TempDir(), "site")
	f.write(t, a, false)
	f.write(t, b, true)
	es, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds (%v)", e.Name(), err)
		}
	}
}

// TestSiteHTML checks every page's structure as a validator and a screen reader
// user would: doctype, lang="sv", one h1, headings that never skip a level,
// unique ids, labelled regions that point at real ids, links to files that are
// there, no script; and, when web/testdata has it (npm ci), html-validate.
func TestSiteHTML(t *testing.T) {
	f := newFixture(t)
	f.adopt(t, hjarta, 1, "2026-09-10")
	f.adopt(t, psykisk, 2, "2026-09-15")
	f.adopt(t, "RSG Patientsäkerhet", 1, "2026-09-24")
	dir := t.TempDir()
	f.write(t, filepath.Join(dir, "site"), false)
	pages, _ := filepath.Glob(filepath.Join(dir, "site", "*.html"))
	if len(pages) != 4 {
		t.Fatalf("%d pages, want the index and 3 plans", len(pages))
	}
	heading := regexp.MustCompile(`<h([1-6])[ >]`)
	idRe := regexp.MustCompile(` id="([^"]*)"`)
	refRe := regexp.MustCompile(` aria-labelledby="([^"]*)"`)
	hrefRe := regexp.MustCompile(` href="([^"]*)"`)
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, name := string(b), filepath.Base(p)
		if !strings.HasPrefix(s, "<!DOCTYPE html>\n<html lang=\"sv\">") {
			t.Errorf("%s: no HTML5 doctype with lang=\"sv\"", name)
		}
		if strings.Contains(strings.ToLower(s), "<script") || strings.Contains(s, " on") && regexp.MustCompile(` on[a-z]+=`).MatchString(s) {
			t.Errorf("%s has script", name)
		}
		if !strings.Contains(s, `<a class="skip" href="#innehall">`) || !strings.Contains(s, `<main id="innehall"`) {
			t.Errorf("%s: no skip link to the main content", name)
		}
		levels := heading.FindAllStringSubmatch(s, -1)
		h1 := 0
		last := 0
		for _, l := range levels {
			n := int(l[1][0] - '0')
			if n == 1 {
				h1++
			}
			if n > last+1 {
				t.Errorf("%s: h%d after h%d", name, n, last)
			}
			last = n
		}
		if h1 != 1 {
			t.Errorf("%s: %d h1, want 1", name, h1)
		}
		ids := map[string]bool{}
		for _, m := range idRe.FindAllStringSubmatch(s, -1) {
			if ids[m[1]] || strings.ContainsAny(m[1], " \t") || m[1] == "" {
				t.Errorf("%s: id %q is duplicated or not valid", name, m[1])
			}
			ids[m[1]] = true
		}
		for _, m := range refRe.FindAllStringSubmatch(s, -1) {
			if !ids[m[1]] {
				t.Errorf("%s: aria-labelledby=%q names no element", name, m[1])
			}
		}
		for _, m := range hrefRe.FindAllStringSubmatch(s, -1) {
			h := html.UnescapeString(m[1])
			if strings.HasPrefix(h, "#") {
				if !ids[h[1:]] {
					t.Errorf("%s: link to missing #%s", name, h[1:])
				}
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, "site", h)); err != nil || strings.Contains(h, "/") {
				t.Errorf("%s: link %q is not a file of the site", name, h)
			}
		}
	}
	if css, err := os.ReadFile(filepath.Join(dir, "site", StyleName)); err != nil || !strings.Contains(string(css), "@media print") {
		t.Error("the stylesheet has no print styles")
	}
	validator := filepath.Join("..", "web", "testdata", "node_modules", ".bin", "html-validate")
	if _, err := os.Stat(validator); err != nil {
		if os.Getenv("HANDLINGSPLAN_REQUIRE_TOOLS") == "1" {
			t.Fatal("html-validate is missing (npm ci in web/testdata)")
		}
		t.Log("html-validate not installed (npm ci in web/testdata); structure checked here only")
		return
	}
	out, err := exec.Command(validator, pages...).CombinedOutput()
	if err != nil {
		t.Errorf("html-validate: %v\n%s", err, out)
	}
}

// publishedTexts reads every file of the site as text: the pages and the
// stylesheet as they are, the PDFs through pdftotext, the decks' XML parts.
func publishedTexts(t *testing.T, dir string) map[string]string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	pdftotext, perr := exec.LookPath("pdftotext")
	if perr != nil && os.Getenv("HANDLINGSPLAN_REQUIRE_TOOLS") == "1" {
		t.Fatal("pdftotext is missing (HANDLINGSPLAN_REQUIRE_TOOLS=1)")
	}
	space := regexp.MustCompile(`\s+`)
	out := map[string]string{}
	for _, e := range es {
		p := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var text string
		switch filepath.Ext(e.Name()) {
		case ".pdf":
			if perr != nil {
				t.Logf("pdftotext missing: %s not read", e.Name())
				continue
			}
			txt, err := exec.Command(pdftotext, "-enc", "UTF-8", p, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", e.Name(), err)
			}
			text = string(txt)
		case ".pptx", ".zip":
			text = zipText(t, b)
		default:
			text = html.UnescapeString(string(b))
		}
		out[e.Name()] = space.ReplaceAllString(text, " ")
	}
	return out
}

// zipText is every XML part of an Office file (or the site's zip), with the text
// of each run and each tag kept apart by spaces.
func zipText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	tag := regexp.MustCompile(`<[^>]*>`)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(zf.Name, ".pptx") || strings.HasSuffix(zf.Name, ".pdf") {
			continue // the site's zip holds the decks and PDFs checked on their own
		}
		// Runs are joined without a space, so that a label split over runs is found.
		sb.WriteString(html.UnescapeString(tag.ReplaceAllString(string(data), "")))
		sb.WriteByte(' ')
	}
	return sb.String()
}
