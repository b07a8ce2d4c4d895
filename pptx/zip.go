package pptx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"handlingsplan/zipguard"
)

// Errors that Open and Check return, wrapped with details; test them with errors.Is.
var (
	ErrNotZip          = errors.New("pptx: not a zip archive")
	ErrTooLarge        = errors.New("pptx: file too large")
	ErrEncrypted       = errors.New("pptx: password-protected or legacy binary (OLE) file")
	ErrMacro           = errors.New("pptx: macro-enabled presentation")
	ErrNotPresentation = errors.New("pptx: not a presentation")
	ErrCorrupt         = errors.New("pptx: corrupt presentation")
)

// Limits bound what reading a hostile file may cost. A zero field takes the value of
// DefaultLimits. It is the type sources uses too.
type Limits = zipguard.Limits

// DefaultLimits are generous for real decks and small for zip bombs.
func DefaultLimits() Limits {
	return Limits{MaxFileBytes: 50 << 20, MaxUnzippedBytes: 300 << 20, MaxZipEntries: 5000, MaxPartBytes: 100 << 20}
}

// oleSignature starts every OLE compound file: legacy .ppt, and OOXML encrypted with a
// password.
var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// archive is an opened package whose parts are read within limits.
type archive struct {
	files  map[string]*zip.File // by part name without leading slash
	folded map[string]*zip.File // by lower-case name: OPC part names are case-insensitive
	names  []string             // in zip order
	lim    Limits
	read   int64 // bytes inflated so far
}

func openArchive(data []byte, lim Limits) (*archive, error) {
	lim = lim.Or(DefaultLimits())
	if bytes.HasPrefix(data, oleSignature) {
		return nil, ErrEncrypted
	}
	zr, err := zipguard.Open(data, lim)
	var le *zipguard.LimitError
	switch {
	case errors.As(err, &le):
		return nil, fmt.Errorf("%w: %v", ErrTooLarge, err)
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	a := &archive{files: map[string]*zip.File{}, folded: map[string]*zip.File{}, lim: lim}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		if strings.HasSuffix(name, "/") {
			continue // folder entry
		}
		if _, dup := a.folded[strings.ToLower(name)]; dup {
			return nil, fmt.Errorf("%w: part %s occurs twice", ErrCorrupt, name)
		}
		a.files[name] = f
		a.folded[strings.ToLower(name)] = f
		a.names = append(a.names, name)
	}
	return a, nil
}

func (a *archive) lookup(name string) *zip.File {
	if f := a.files[name]; f != nil {
		return f
	}
	return a.folded[strings.ToLower(name)]
}

func (a *archive) has(name string) bool { return a.lookup(name) != nil }

// part inflates a part, counting the bytes actually produced against the limits, since
// the sizes in the zip directory may lie.
func (a *archive) part(name string) ([]byte, error) {
	f := a.lookup(name)
	if f == nil {
		return nil, fmt.Errorf("%w: part %s is missing", ErrCorrupt, name)
	}
	if f.Flags&0x1 != 0 {
		return nil, fmt.Errorf("%w: part %s is encrypted", ErrEncrypted, name)
	}
	max := min(a.lim.MaxPartBytes, a.lim.MaxUnzippedBytes-a.read)
	data, err := zipguard.ReadAll(f, max)
	a.read += int64(len(data))
	if errors.Is(err, zipguard.ErrUnzippedTooLarge) {
		return nil, fmt.Errorf("%w: part %s inflates beyond the limit", ErrTooLarge, name)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: part %s: %v", ErrCorrupt, name, err)
	}
	return data, nil
}

// xmlPart reads a part and decodes it into v, refusing DTDs (entity expansion attacks).
func (a *archive) xmlPart(name string, v any) error {
	data, err := a.part(name)
	if err != nil {
		return err
	}
	if err := decodeXML(data, v); err != nil {
		return fmt.Errorf("%w: part %s: %v", ErrCorrupt, name, err)
	}
	return nil
}

var errDTD = errors.New("XML document type declarations are not allowed")

// decodeXML unmarshals data into v after checking that no DOCTYPE precedes the root element.
func decodeXML(data []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.RawToken()
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.Directive); ok {
			return errDTD
		}
		if _, ok := tok.(xml.StartElement); ok {
			break
		}
	}
	return xml.Unmarshal(data, v)
}

// wellFormed tokenises all of data: XML syntax errors and DTDs are reported.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.Directive); ok {
			return errDTD
		}
	}
}

type xRels struct {
	Rels []struct {
		ID         string `xml:"Id,attr"`
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

type xContentTypes struct {
	Defaults []struct {
		Ext  string `xml:"Extension,attr"`
		Type string `xml:"ContentType,attr"`
	} `xml:"Default"`
	Overrides []struct {
		Part string `xml:"PartName,attr"`
		Type string `xml:"ContentType,attr"`
	} `xml:"Override"`
}

// contentType returns the content type of a part, "" when none is declared.
func (ct *xContentTypes) contentType(name string) string {
	for _, o := range ct.Overrides {
		if strings.EqualFold(strings.TrimPrefix(o.Part, "/"), name) {
			return o.Type
		}
	}
	ext := strings.TrimPrefix(path.Ext(name), ".")
	for _, d := range ct.Defaults {
		if strings.EqualFold(d.Ext, ext) {
			return d.Type
		}
	}
	return ""
}

// resolvedRel is a relationship with its target as a part name.
type resolvedRel struct {
	id, typ, target string
	external        bool
}

// relsOf reads the relationships of source ("" for the package); a missing rels part is no
// relationships.
func (a *archive) relsOf(source string) ([]resolvedRel, error) {
	name := relsPartName(source)
	if !a.has(name) {
		return nil, nil
	}
	var x xRels
	if err := a.xmlPart(name, &x); err != nil {
		return nil, err
	}
	out := make([]resolvedRel, 0, len(x.Rels))
	for _, r := range x.Rels {
		rr := resolvedRel{id: r.ID, typ: r.Type, external: strings.EqualFold(r.TargetMode, "External")}
		if !rr.external {
			rr.target = resolveTarget(source, r.Target)
		} else {
			rr.target = r.Target
		}
		out = append(out, rr)
	}
	return out, nil
}

// resolveTarget turns a relationship target into a part name.
func resolveTarget(source, target string) string {
	if i := strings.IndexAny(target, "#?"); i >= 0 {
		target = target[:i]
	}
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+path.Join(path.Dir(source), target)), "/")
}

// relType reports whether the relationship type t is kind, in transitional or strict form.
func relType(t, kind string) bool { return strings.HasSuffix(t, "/"+kind) }

func findRel(rels []resolvedRel, kind string) (resolvedRel, bool) {
	for _, r := range rels {
		if relType(r.typ, kind) && !r.external {
			return r, true
		}
	}
	return resolvedRel{}, false
}

func relByID(rels []resolvedRel, id string) (resolvedRel, bool) {
	for _, r := range rels {
		if r.id == id {
			return r, true
		}
	}
	return resolvedRel{}, false
}
