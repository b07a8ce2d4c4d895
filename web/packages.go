package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/generator/deck"
	"handlingsplan/generator/exceltemplate"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/store"
)

// pkgView is one package on Paket.
type pkgView struct {
	ID       int64
	Title    string
	Meeting  time.Time
	Created  time.Time
	Files    []output.Output
	Zip      string
	ZipSize  int64
	Inputs   int
	Audience plan.Audience
}

// audienceGroup is one audience's packages, newest first.
type audienceGroup struct {
	Audience plan.Audience
	Label    string
	Packages []pkgView
}

func (s *Server) mayDownload(w http.ResponseWriter, r *http.Request) bool {
	if s.d.PublicDownloads {
		return true
	}
	_, ok := s.need(w, r, RoleReader)
	return ok
}

// currentPackages lists the packages on disk: when a package was rebuilt under the
// same name, only the newest record describes the files there.
func (s *Server) currentPackages(r *http.Request) ([]store.Package, error) {
	all, err := s.d.Store.Packages(r.Context(), 0)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []store.Package
	for _, p := range all {
		if seen[p.Path] {
			continue
		}
		seen[p.Path] = true
		out = append(out, p)
	}
	return out, nil
}

func (s *Server) packages(w http.ResponseWriter, r *http.Request) {
	if !s.mayDownload(w, r) {
		return
	}
	pkgs, err := s.currentPackages(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	groups := map[plan.Audience]*audienceGroup{}
	for _, p := range pkgs {
		var m output.Manifest
		_ = json.Unmarshal(p.Manifest, &m) // a damaged manifest lists no files, the package is still shown
		a := plan.Audience(p.Audience)
		v := pkgView{ID: p.ID, Meeting: p.Meeting, Created: p.Created, Files: m.Outputs, Inputs: len(m.Inputs),
			Zip: path.Base(p.ZipPath), Audience: a}
		switch {
		case p.Forum != "":
			v.Title = p.Forum
		case a == plan.AudiencePlan && len(m.Inputs) == 1:
			v.Title = m.Inputs[0].Plan
		default:
			v.Title = a.Label()
		}
		g := groups[a]
		if g == nil {
			g = &audienceGroup{Audience: a, Label: audienceHeading(a)}
			groups[a] = g
		}
		g.Packages = append(g.Packages, v)
	}
	var out []audienceGroup
	for _, a := range plan.Audiences {
		if g := groups[a]; g != nil {
			sort.SliceStable(g.Packages, func(i, j int) bool {
				pi, pj := g.Packages[i], g.Packages[j]
				if !pi.Meeting.Equal(pj.Meeting) {
					return pi.Meeting.After(pj.Meeting)
				}
				return pi.Created.After(pj.Created)
			})
			out = append(out, *g)
		}
	}
	s.render(w, r, http.StatusOK, "packages", view{Title: "Paket", Nav: "paket", Data: out})
}

func audienceHeading(a plan.Audience) string {
	switch a {
	case plan.AudienceKR:
		return "Kunskapsråd"
	case plan.AudienceRSL:
		return "Regionsjukvårdsledningen (RSL)"
	case plan.AudienceSVN:
		return "Överenskommelse om samverkan och vård (SVN)"
	case plan.AudiencePlan:
		return "Handlingsplaner för publicering"
	}
	return string(a)
}

// packageFile serves one file of a package. The file is named as in the package's
// manifest (or the zip, or the manifest itself) and opened under the output folder
// as a root: no name from the request is ever a path.
func (s *Server) packageFile(w http.ResponseWriter, r *http.Request) {
	if !s.mayDownload(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	name := r.PathValue("file")
	notFound := func() {
		s.errorPage(w, r, http.StatusNotFound, "Filen finns inte i något paket. Välj en fil på sidan Paket.")
	}
	if err != nil {
		notFound()
		return
	}
	pkg, err := s.d.Store.PackageByID(r.Context(), id)
	if apperr.Is(err, apperr.NotFound) {
		notFound()
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var m output.Manifest
	_ = json.Unmarshal(pkg.Manifest, &m)
	root, err := s.openOutput()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer root.Close()
	f, fi, err := output.OpenPackageFile(root, pkg.Path, pkg.ZipPath, m, name, true)
	switch {
	case errors.Is(err, output.ErrNotInPackage):
		notFound()
		return
	case errors.Is(err, output.ErrFileGone), errors.Is(err, output.ErrSuperseded):
		s.d.Log.Warn("package file missing", "package", pkg.ID, "file", name, "err", err)
		s.errorPage(w, r, http.StatusNotFound, "Filen finns inte längre på servern; paketet har byggts om. Ladda om sidan Paket.")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	download(w, name)
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// download marks the response as a file to save, typed by its extension.
func download(w http.ResponseWriter, name string) {
	types := map[string]string{
		".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".pdf":  "application/pdf",
		".zip":  "application/zip",
		".json": "application/json",
	}
	if t, ok := types[strings.ToLower(path.Ext(name))]; ok {
		w.Header().Set("Content-Type", t)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// The blank templates, by the name they download as.
var blankTemplates = []struct {
	Name, Label, Help string
}{
	{"Handlingsplan-mall.xlsx", "Excel-mall", "Fyll i bladen Plan och Aktiviteter; rullgardinsmenyer för status, typ, ledningsstöd och påverkan, och ett instruktionsblad."},
	{"Handlingsplan-mall.pptx", "PowerPoint-mall", "Regionens mall med tabellen Nationellt insatsområde · Prioriterat område och patientlöften · Aktiviteter · Uppföljning · Status."},
}

func (s *Server) templatesPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	s.render(w, r, http.StatusOK, "templates", view{Title: "Mallar", Nav: "mallar", Data: blankTemplates})
}

func (s *Server) templateFile(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, RoleReader); !ok {
		return
	}
	var buf bytes.Buffer
	var err error
	cat := &s.d.Config.Catalog
	switch name := r.PathValue("file"); name {
	case blankTemplates[0].Name:
		err = exceltemplate.Write(&buf, cat, exceltemplate.Options{})
	case blankTemplates[1].Name:
		err = deck.Template(&buf, cat)
	default:
		s.errorPage(w, r, http.StatusNotFound, "Det finns ingen mall som heter "+strconv.Quote(name)+
			". Mallarna är Handlingsplan-mall.xlsx och Handlingsplan-mall.pptx.")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, r.PathValue("file"))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}
