package api

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"

	"handlingsplan/apperr"
	"handlingsplan/output"
	"handlingsplan/store"
)

// getPackages lists the packages, newest first.
func (h *Handler) getPackages(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.needDownload(w, r); !ok {
		return
	}
	pkgs, err := h.opts.Store.Packages(r.Context(), 0)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := make([]Package, 0, len(pkgs))
	for _, p := range pkgs {
		ap, _, err := h.packageOf(p)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		out = append(out, ap)
	}
	writeJSON(w, http.StatusOK, out)
}

// getPackage shows one package with its manifest.
func (h *Handler) getPackage(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.needDownload(w, r); !ok {
		return
	}
	_, ap, m, ok := h.requestedPackage(w, r)
	if !ok {
		return
	}
	ap.Manifest = &m
	writeJSON(w, http.StatusOK, ap)
}

// getPackageFile serves one file of a package: one named in its manifest, or its
// zip. The name from the request is only compared with those names; the file is
// opened by the stored package folder, through an os.Root of the output folder,
// so nothing outside it can be served.
func (h *Handler) getPackageFile(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.needDownload(w, r); !ok {
		return
	}
	p, _, m, ok := h.requestedPackage(w, r)
	if !ok {
		return
	}
	want := r.PathValue("file")
	root, err := os.OpenRoot(h.opts.OutputDir)
	if err != nil {
		h.writeError(w, r, apperr.Wrap(apperr.Internal, "", "api.package file", err))
		return
	}
	defer root.Close()
	f, fi, err := output.OpenPackageFile(root, p.Path, p.ZipPath, m, want, false)
	switch {
	case errors.Is(err, output.ErrNotInPackage):
		h.writeError(w, r, errFileMissing)
		return
	case errors.Is(err, output.ErrFileGone):
		h.writeError(w, r, apperr.Wrap(apperr.NotFound,
			"Filen finns inte längre i utdatamappen. Bygg paketet igen (Kör nu) eller kontakta förvaltningen.",
			"api.package file", err))
		return
	case errors.Is(err, output.ErrSuperseded):
		// A later build of the same package took this folder: serving it under
		// this package's manifest would be a lie.
		h.writeError(w, r, errSuperseded)
		return
	case err != nil:
		h.writeError(w, r, apperr.Wrap(apperr.Internal, "", "api.package file", err))
		return
	}
	defer f.Close()
	hd := w.Header()
	hd.Set("Content-Type", contentType(want))
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": want}))
	hd.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

// lookupPackage finds the package of the {id} in the path.
// requestedPackage finds the package the request names, with its manifest; on
// failure it has answered the request.
func (h *Handler) requestedPackage(w http.ResponseWriter, r *http.Request) (store.Package, Package, output.Manifest, bool) {
	p, err := h.lookupPackage(r)
	if err == nil {
		var ap Package
		var m output.Manifest
		if ap, m, err = h.packageOf(p); err == nil {
			return p, ap, m, true
		}
	}
	h.writeError(w, r, err)
	return store.Package{}, Package{}, output.Manifest{}, false
}

func (h *Handler) lookupPackage(r *http.Request) (store.Package, error) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return store.Package{}, errBadPackageID
	}
	p, err := h.opts.Store.PackageByID(r.Context(), id)
	if isNotFound(err) {
		return store.Package{}, errPackageMissing
	}
	return p, err
}

// packageOf is the API's view of a stored package and its decoded manifest.
func (h *Handler) packageOf(p store.Package) (Package, output.Manifest, error) {
	var m output.Manifest
	if len(p.Manifest) > 0 {
		if err := json.Unmarshal(p.Manifest, &m); err != nil {
			return Package{}, m, apperr.Wrap(apperr.Internal, "", "api.package manifest", err)
		}
	}
	ap := Package{
		ID: p.ID, RunID: p.RunID, Name: path.Base(p.Path), Audience: p.Audience, Forum: p.Forum,
		Created: p.Created.UTC(), Files: []PackageFile{},
	}
	if !p.Meeting.IsZero() {
		ap.Meeting = p.Meeting.Format("2006-01-02")
	}
	base := "/api/packages/" + strconv.FormatInt(p.ID, 10) + "/files/"
	for _, o := range m.Outputs {
		ap.Files = append(ap.Files, PackageFile{Name: o.Name, Size: o.Size, SHA256: o.SHA256, URL: base + url.PathEscape(o.Name)})
	}
	if zip := zipName(p); zip != "" {
		var size int64
		if root, err := os.OpenRoot(h.opts.OutputDir); err == nil {
			if fi, err := root.Stat(p.ZipPath); err == nil {
				size = fi.Size()
			}
			root.Close()
		}
		ap.Files = append(ap.Files, PackageFile{Name: zip, Size: size, URL: base + url.PathEscape(zip)})
	}
	return ap, m, nil
}

// zipName is the file name of a package's zip; "" when it has none.
func zipName(p store.Package) string {
	if p.ZipPath == "" {
		return ""
	}
	return path.Base(p.ZipPath)
}

// contentType names the media type of a package file by its extension.
func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pptx":
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".pdf":
		return "application/pdf"
	case ".zip":
		return "application/zip"
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}

// isNotFound reports whether a store error means that nothing was found.
func isNotFound(err error) bool {
	return errors.Is(err, store.ErrNotFound) || apperr.Is(err, apperr.NotFound)
}
