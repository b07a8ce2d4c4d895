package pptx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"handlingsplan/internal/zipflate"
)

// Open Packaging Conventions: parts, content types and relationships, written as a zip
// whose bytes depend only on its contents.

const (
	nsRel     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRels = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsCT      = "http://schemas.openxmlformats.org/package/2006/content-types"
	nsA       = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsP       = "http://schemas.openxmlformats.org/presentationml/2006/main"
	nsC       = "http://schemas.openxmlformats.org/drawingml/2006/chart"

	relOfficeDocument = nsRel + "/officeDocument"
	relCoreProps      = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	relExtProps       = nsRel + "/extended-properties"
	relSlide          = nsRel + "/slide"
	relSlideLayout    = nsRel + "/slideLayout"
	relSlideMaster    = nsRel + "/slideMaster"
	relTheme          = nsRel + "/theme"
	relNotesSlide     = nsRel + "/notesSlide"
	relNotesMaster    = nsRel + "/notesMaster"
	relPresProps      = nsRel + "/presProps"
	relViewProps      = nsRel + "/viewProps"
	relTableStyles    = nsRel + "/tableStyles"
	relChart          = nsRel + "/chart"
	relPackage        = nsRel + "/package"

	ctPresentation = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
	ctSlide        = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
	ctSlideLayout  = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
	ctSlideMaster  = "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"
	ctNotesSlide   = "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"
	ctNotesMaster  = "application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml"
	ctTheme        = "application/vnd.openxmlformats-officedocument.theme+xml"
	ctPresProps    = "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml"
	ctViewProps    = "application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml"
	ctTableStyles  = "application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml"
	ctChart        = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
	ctXlsx         = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ctCoreProps    = "application/vnd.openxmlformats-package.core-properties+xml"
	ctExtProps     = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
	ctRels         = "application/vnd.openxmlformats-package.relationships+xml"
	ctXML          = "application/xml"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// zipTime is the modification time of every entry, so that output is reproducible.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

type rel struct {
	id, typ, target string
}

// opcPackage collects parts before they are zipped.
type opcPackage struct {
	parts     map[string][]byte // name without leading slash
	overrides map[string]string // part name -> content type
	rels      map[string][]rel  // source part ("" for the package) -> relationships
	slideHint int               // the size of the last slide part, for the next one
}

func newPackage() *opcPackage {
	return &opcPackage{parts: map[string][]byte{}, overrides: map[string]string{}, rels: map[string][]rel{}}
}

// size is the parts' total size in bytes, before compression.
func (k *opcPackage) size() int {
	n := 0
	for _, data := range k.parts {
		n += len(data)
	}
	return n
}

// add stores a part; ctype "" means the part's extension has a Default content type.
func (k *opcPackage) add(name, ctype string, data []byte) {
	k.parts[name] = data
	if ctype != "" {
		k.overrides[name] = ctype
	}
}

// relate adds a relationship from source to target (both part names) and returns its id.
func (k *opcPackage) relate(source, typ, target string) string {
	id := fmt.Sprintf("rId%d", len(k.rels[source])+1)
	k.rels[source] = append(k.rels[source], rel{id: id, typ: typ, target: relTarget(source, target)})
	return id
}

// relTarget expresses target relative to the folder of source, as Office does.
func relTarget(source, target string) string {
	if source == "" {
		return target
	}
	rel, err := filepath.Rel(path.Dir(source), target)
	if err != nil {
		return "/" + target
	}
	return filepath.ToSlash(rel)
}

// relsPartName is where the relationships of source are stored.
func relsPartName(source string) string {
	if source == "" {
		return "_rels/.rels"
	}
	return path.Join(path.Dir(source), "_rels", path.Base(source)+".rels")
}

func (k *opcPackage) write(w io.Writer) error {
	for src, rs := range k.rels {
		var b strings.Builder
		b.WriteString(xmlHeader)
		fmt.Fprintf(&b, `<Relationships xmlns="%s">`, nsPkgRels)
		for _, r := range rs {
			fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"/>`, r.id, r.typ, esc(r.target))
		}
		b.WriteString(`</Relationships>`)
		k.parts[relsPartName(src)] = builtBytes(&b)
	}

	var ct strings.Builder
	ct.WriteString(xmlHeader)
	fmt.Fprintf(&ct, `<Types xmlns="%s">`, nsCT)
	fmt.Fprintf(&ct, `<Default Extension="rels" ContentType="%s"/>`, ctRels)
	fmt.Fprintf(&ct, `<Default Extension="xml" ContentType="%s"/>`, ctXML)
	fmt.Fprintf(&ct, `<Default Extension="xlsx" ContentType="%s"/>`, ctXlsx)
	names := make([]string, 0, len(k.parts))
	for n := range k.parts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if c, ok := k.overrides[n]; ok {
			fmt.Fprintf(&ct, `<Override PartName="/%s" ContentType="%s"/>`, n, c)
		}
	}
	ct.WriteString(`</Types>`)

	zw := zip.NewWriter(w)
	zipflate.RegisterLevel(zw, zipflate.Fast)
	// [Content_Types].xml and the package relationships first, as Office writes them.
	order := append([]string{"[Content_Types].xml", "_rels/.rels"}, names...)
	k.parts["[Content_Types].xml"] = builtBytes(&ct)
	seen := map[string]bool{}
	for _, n := range order {
		if seen[n] {
			continue
		}
		seen[n] = true
		method := zip.Deflate
		if strings.HasSuffix(n, ".xlsx") {
			method = zip.Store // already compressed
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: method, Modified: zipTime})
		if err != nil {
			return fmt.Errorf("pptx: zip %s: %w", n, err)
		}
		if _, err := f.Write(k.parts[n]); err != nil {
			return fmt.Errorf("pptx: zip %s: %w", n, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("pptx: zip: %w", err)
	}
	return nil
}

// normalizeZip rewrites a zip with entries sorted by name and fixed timestamps, so that
// archives from libraries that iterate maps (excelize) become reproducible.
func normalizeZip(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		// [Content_Types].xml first, then by name.
		ci, cj := files[i].Name == "[Content_Types].xml", files[j].Name == "[Content_Types].xml"
		if ci != cj {
			return ci
		}
		return files[i].Name < files[j].Name
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zipflate.RegisterLevel(zw, zipflate.Fast)
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			rc.Close()
			return nil, err
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// esc escapes s for use in XML text or attribute values; characters XML cannot hold become
// U+FFFD.
func esc(s string) string {
	if plainXML(s) {
		return s
	}
	var b strings.Builder
	writeEsc(&b, s)
	return b.String()
}

// writeFileAtomic writes data next to path and renames it into place, so that readers never
// see a half-written file.
func writeFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("pptx: save %s: %w", name, err)
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("pptx: save %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("pptx: save %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("pptx: save %s: %w", name, err)
	}
	if err := os.Chmod(tmpName, 0o644); err != nil {
		return fmt.Errorf("pptx: save %s: %w", name, err)
	}
	if err := os.Rename(tmpName, name); err != nil {
		return fmt.Errorf("pptx: save %s: %w", name, err)
	}
	ok = true
	return nil
}
