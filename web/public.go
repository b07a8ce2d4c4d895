package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"path"
	"strings"

	"handlingsplan/output"
	"handlingsplan/site"
)

// public serves the public website at /publicerat/ to anyone, signed in or not:
// the files the last site build put in the output folder's publicerat/ (package
// site renders them for the service and for handlingsplan site alike). A name
// from the request is only compared with the site's manifest and opened through
// the output folder's os.Root, so no request path reaches the disk.
func (s *Server) public(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "" {
		name = site.IndexName
	}
	root, err := s.openOutput()
	if err != nil {
		s.publicMissing(w, r)
		return
	}
	defer root.Close()
	var m output.Manifest
	mf, err := root.Open(path.Join(site.Folder, output.ManifestName))
	if err != nil {
		s.publicMissing(w, r)
		return
	}
	err = json.NewDecoder(mf).Decode(&m)
	mf.Close()
	if err != nil || m.Audience != site.Audience {
		s.publicMissing(w, r)
		return
	}
	f, fi, err := output.OpenPackageFile(root, site.Folder, "", m, name, false)
	switch {
	case errors.Is(err, output.ErrNotInPackage), errors.Is(err, output.ErrFileGone), errors.Is(err, output.ErrSuperseded):
		s.errorPage(w, r, http.StatusNotFound, "Sidan finns inte på den publicerade webbplatsen. Börja på startsidan, /publicerat/.")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", publicType(name))
	h.Set("Cache-Control", "public, max-age=300")
	if strings.HasSuffix(name, ".pptx") || strings.HasSuffix(name, ".pdf") {
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`) // manifest names are plain ASCII
	}
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// publicMissing answers while no site has been built yet.
func (s *Server) publicMissing(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusServiceUnavailable, "Den publicerade webbplatsen byggs just nu eller har inte byggts ännu. Försök igen om en stund.")
}

func publicType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".pdf":
		return "application/pdf"
	case ".pptx":
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	}
	return "application/octet-stream"
}
