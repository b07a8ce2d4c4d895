// Package site is the public website of SPEC §8: every fastställd plan, an index
// per forum, one page per plan with its public Plan PDF and PPTX. It renders the
// whole site as files; handlingsplan site writes them to a folder and the
// service serves the same files at /publicerat/, so there is one rendering.
//
// The site shows each plan's latest fastställd version, never a later one that
// was only received, and leaves out what publication.hide names (report.Public).
package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"handlingsplan/config"
	"handlingsplan/generator/deck"
	"handlingsplan/generator/pdfreport"
	"handlingsplan/internal/codeid"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/store"
	"handlingsplan/templates"
)

// Folder is the site's folder in the service's output folder, built by the build
// queue and served at /publicerat/.
const Folder = "publicerat"

// Audience is the manifest's audience of the site.
const Audience = "webbplats"

// File names of the site's shared files.
const (
	IndexName = "index.html"
	StyleName = "stil.css"
)

//go:embed templates/*.html templates/stil.css
var files embed.FS

// Page is one published plan: its report (the public rendering of its adopted
// version) and the names of its files.
type Page struct {
	Report *report.Report
	Plan   *plan.Plan // without the hidden fields
	Row    report.Row
	Forum  *plan.Forum
	Name   string // the page, e.g. "rpo-hjart-och-karlsjukdomar.html"; stable across versions
	PDF    string // e.g. "Handlingsplan-RPO-Hjart-och-karlsjukdomar.pdf"
	PPTX   string
}

// Group is one forum on the index with its published plans.
type Group struct {
	Forum *plan.Forum
	Pages []*Page
}

// Site is the rendered website: its files in the order they are written.
type Site struct {
	Groups   []Group
	Files    []output.File
	Manifest output.Manifest
}

// PageName is the stable file name of a plan's page: its name in lower case ASCII.
func PageName(planName string) string { return strings.ToLower(report.Slug(planName)) + ".html" }

// Render reads the latest fastställd version of every plan from the store and
// renders the site. Nothing from the clock goes into it: the same store and
// configuration give the same bytes.
func Render(ctx context.Context, st *store.Store, cfg *config.Config, version string) (*Site, error) {
	adopted, err := st.LatestAdoptedAll(ctx)
	if err != nil {
		return nil, err
	}
	cat := &cfg.Catalog
	pub := &report.Public{Hide: cfg.Publication.Hide}
	s := &Site{Manifest: output.Manifest{Audience: Audience, Generator: "handlingsplan " + version}}
	for i := range cat.Forums {
		f := &cat.Forums[i]
		g := Group{Forum: f}
		for _, name := range f.Areas {
			a, ok := adopted[name]
			if !ok {
				continue
			}
			v, err := st.Version(ctx, name, a.Version)
			if err != nil {
				return nil, fmt.Errorf("site: version %d of %s: %w", a.Version, name, err)
			}
			e := report.Entry{Plan: v.Plan, Version: v.Number, SHA256: v.SHA256, Received: v.Received}
			in := report.Input{Catalog: cat, Current: []report.Entry{e}, Meeting: day(a.Meeting), Generated: v.Received,
				Adopted: map[string]report.Adoption{name: {Version: a.Version, Forum: a.Forum, Meeting: a.Meeting}}}
			rep, err := report.Build(report.Request{Audience: plan.AudiencePlan, Plan: name, Public: pub}, in)
			if err != nil {
				return nil, err
			}
			base := "Handlingsplan-" + report.Slug(name)
			g.Pages = append(g.Pages, &Page{Report: rep, Plan: rep.Plans[0], Row: rep.Overview[0], Forum: f,
				Name: PageName(name), PDF: base + ".pdf", PPTX: base + ".pptx"})
			s.Manifest.Inputs = append(s.Manifest.Inputs, output.Input{Plan: name, Version: v.Number, SHA256: v.SHA256, Received: v.Received})
			if v.Received.After(s.Manifest.Time) {
				s.Manifest.Time = v.Received
			}
		}
		s.Groups = append(s.Groups, g)
	}
	t, err := template.New("").Funcs(funcs(cat)).ParseFS(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	css, err := files.ReadFile("templates/stil.css")
	if err != nil {
		return nil, err
	}
	page := func(name string, data any) output.File {
		return output.File{Name: name, Write: func(w io.Writer) error {
			var b bytes.Buffer // whole or nothing: a template error writes no half page
			if err := t.ExecuteTemplate(&b, name, data); err != nil {
				return err
			}
			_, err := w.Write(b.Bytes())
			return err
		}}
	}
	s.Files = append(s.Files, page(IndexName, indexData{Groups: s.Groups, Count: s.count()}),
		output.File{Name: StyleName, Write: func(w io.Writer) error { _, err := w.Write(css); return err }})
	for _, g := range s.Groups {
		for _, p := range g.Pages {
			s.Files = append(s.Files, output.File{Name: p.Name, Write: page("plan.html", p).Write},
				output.File{Name: p.PDF, Write: func(w io.Writer) error {
					if err := ctx.Err(); err != nil {
						return err
					}
					return pdfreport.Write(w, p.Report, cat)
				}},
				output.File{Name: p.PPTX, Write: func(w io.Writer) error {
					if err := ctx.Err(); err != nil {
						return err
					}
					return deck.Write(w, p.Report, cat)
				}})
		}
	}
	s.Manifest.InputsSHA256 = s.inputsSHA256(cfg)
	return s, nil
}

type indexData struct {
	Groups []Group
	Count  int
}

func (s *Site) count() int {
	n := 0
	for _, g := range s.Groups {
		n += len(g.Pages)
	}
	return n
}

// inputsSHA256 hashes what the site is made from, so that a build with nothing
// changed leaves the site in place.
func (s *Site) inputsSHA256(cfg *config.Config) string {
	var adopted []string
	for _, g := range s.Groups {
		for _, p := range g.Pages {
			a := p.Row.Adopted
			adopted = append(adopted, fmt.Sprintf("%s %d %s %s", p.Row.Name, a.Version, a.Forum, report.ShortDate(a.Meeting)))
		}
	}
	key := struct {
		Schema    int
		Generator string
		Code      string // the running binary's (internal/codeid): new renderers rebuild the site
		Inputs    []output.Input
		Adopted   []string
		Catalog   plan.Catalog
		Hide      []templates.Field
		Templates string // the pages' own templates and stylesheet
	}{1, s.Manifest.Generator, codeid.Identity(), s.Manifest.Inputs, adopted, cfg.Catalog, cfg.Publication.Hide, templatesSHA256()}
	b, err := json.Marshal(key)
	if err != nil {
		panic(err) // plain data
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Write puts the site into dir atomically: it is built in a folder beside dir and
// swapped in whole, so readers see the old site or the new one, never half of
// either, and files that no longer belong are gone. A site already in dir made
// from the same inputs is left as it is (skipped true) unless force is set. The
// caller must be the only writer of dir's parent folder (the build queue's lock,
// or a folder of the user's own for handlingsplan site).
func (s *Site) Write(ctx context.Context, dir string, force bool) (pkg output.Package, skipped bool, err error) {
	dir, err = filepath.Abs(dir)
	if err != nil {
		return pkg, false, err
	}
	if !force {
		if old, err := output.ReadManifest(dir); err == nil && old.InputsSHA256 == s.Manifest.InputsSHA256 && whole(dir, old) {
			return output.Package{Dir: dir, Manifest: old}, true, nil
		}
	}
	pkg, err = output.WritePackage(ctx, filepath.Dir(dir), filepath.Base(dir), s.Manifest, s.Files)
	return pkg, false, err
}

// templatesSHA256 hashes the embedded templates and stylesheet.
func templatesSHA256() string {
	h := sha256.New()
	es, err := files.ReadDir("templates")
	if err != nil {
		panic(err) // embedded at build time
	}
	for _, e := range es { // ReadDir sorts by name
		b, err := files.ReadFile("templates/" + e.Name())
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(h, "%s %d\n", e.Name(), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func whole(dir string, m output.Manifest) bool {
	for _, o := range m.Outputs {
		fi, err := os.Stat(filepath.Join(dir, o.Name))
		if err != nil || !fi.Mode().IsRegular() || fi.Size() != o.Size {
			return false
		}
	}
	return true
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
}

// Shown is one labelled value of an activity on a plan's page.
type Shown struct {
	Label, Value string
}

func funcs(cat *plan.Catalog) template.FuncMap {
	return template.FuncMap{
		"date":         report.Date,
		"promiseTitle": cat.PromiseTitle,
		"statusClass": func(s plan.Status) string {
			if s == plan.StatusNone {
				return "none"
			}
			return string(s)
		},
		"statusSymbol": report.StatusSymbol,
		"facts": func(p *Page) []report.Fact {
			var out []report.Fact
			for _, f := range p.Report.Facts(p.Plan, report.Date) {
				if f.Field != templates.PlanName && strings.TrimSpace(f.Value) != "" {
					out = append(out, f)
				}
			}
			return out
		},
		"followUp": func(p *Page, a *plan.Activity) []Shown {
			out := shown(p.Report, []fieldValue{
				{templates.ColMethod, a.FollowUp.Method}, {templates.ColIndicators, a.FollowUp.Indicators},
				{templates.ColGoal, a.FollowUp.Goal}, {templates.ColResponsible, a.FollowUp.Responsible},
				{templates.ColResult, a.FollowUp.Result},
			})
			for i := range out { // under the heading Uppföljning, as the deck writes it
				if out[i].Label == templates.ActivityColumn(templates.ColMethod).Label {
					out[i].Label = "Metod"
				}
			}
			return out
		},
		"details": func(p *Page, a *plan.Activity) []Shown {
			support := "Nej"
			if a.NeedsSupport {
				support = "Ja"
			}
			impact := ""
			if a.Impact != plan.ImpactNone {
				impact = a.Impact.Label()
			}
			detail := ""
			if a.Impact != plan.ImpactNone {
				detail = a.ImpactDetail
			}
			return shown(p.Report, []fieldValue{
				{templates.ColSchedule, a.Schedule}, {templates.ColCooperation, a.Cooperation},
				{templates.ColComment, a.Comment}, {templates.ColSupport, support},
				{templates.ColConsCitizens, a.Consequences.Citizens}, {templates.ColConsOperations, a.Consequences.Operations},
				{templates.ColConsGovernance, a.Consequences.Governance}, {templates.ColFinalReport, a.FinalReport},
				{templates.ColImpact, impact}, {templates.ColImpactDetail, detail},
			})
		},
		"adoption": func(a *report.Adoption) string { return report.AdoptionText(*a) },
		"plural":   report.Count,
		"counts": func(c plan.StatusCounts) []statusCount {
			var out []statusCount
			for _, s := range plan.Statuses {
				out = append(out, statusCount{s, c.Of(s)})
			}
			return out
		},
		"add":  func(a, b int) int { return a + b },
		"st":   func(s string) plan.Status { return plan.Status(s) },
		"slug": func(s string) string { return strings.ToLower(report.Slug(s)) },
	}
}

type statusCount struct {
	Status plan.Status
	N      int
}

type fieldValue struct {
	field templates.Field
	value string
}

// shown keeps the fields the report shows that have a value, with the
// template's labels.
func shown(r *report.Report, fvs []fieldValue) []Shown {
	var out []Shown
	for _, fv := range fvs {
		if r.Shows(fv.field) && strings.TrimSpace(fv.value) != "" {
			out = append(out, Shown{templates.ActivityColumn(fv.field).Label, fv.value})
		}
	}
	return out
}
