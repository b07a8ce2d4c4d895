package sources

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"handlingsplan/plan"
	"handlingsplan/zipguard"
)

// rejectError is a file-level refusal with a Swedish message for the submitter.
// Err, when set, is the technical cause, for logs.
type rejectError struct {
	Msg string
	Err error
}

func (e *rejectError) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *rejectError) Unwrap() error { return e.Err }

func reject(err error, format string, args ...any) *rejectError {
	return &rejectError{Msg: fmt.Sprintf(format, args...), Err: err}
}

// addFileError records err as an error at the file: the Swedish message of a
// rejectError, or a general "damaged file" message for anything else.
func addFileError(ps *plan.Problems, loc string, err error) {
	var re *rejectError
	if errors.As(err, &re) {
		ps.Errorf(loc, "", "%s", re.Msg)
		return
	}
	ps.Errorf(loc, "", "Filen kunde inte läsas; den verkar vara skadad eller ofullständigt överförd (%v). "+
		"Öppna den i Excel eller PowerPoint, spara den på nytt och skicka in den igen.", err)
}

// msgCorrupt is the message for a zip-based file that cannot be opened.
const msgCorrupt = "Filen är skadad eller ofullständigt överförd och kan inte öppnas som Office-fil. " +
	"Öppna originalet i Excel eller PowerPoint, spara det på nytt och skicka in det igen."

// archive is a zip that passed the guard: declared and actual sizes are within
// limits, and every XML part was scanned (size, elements, depth, no DTD).
type archive struct {
	zr    *zip.Reader
	data  []byte           // the zip with only its XML parts, for the parsers
	sizes map[string]int64 // actual inflated size per entry name
}

// Bounds on the XML that the readers parse. excelize and the pptx reader hold
// most parts whole in memory, at many times their size, so these are what a file
// can cost; real templates stay far below (a filled workbook or deck has under
// 100 kB of XML, 10 000 elements in all and 15 levels). Parsers allocate about
// 600 bytes per element, which sets maxXMLElements.
const (
	maxXMLPartBytes = 8 << 20  // any one XML part
	maxXMLBytes     = 24 << 20 // all XML parts together
	maxXMLElements  = 120_000  // elements in all XML parts together
	maxXMLDepth     = 64       // nesting of elements
	maxContentTypes = 1 << 20  // [Content_Types].xml
)

// openZip opens a zip within the limits (see zipguard.Open), with the refusal in
// Swedish for the submitter.
func openZip(data []byte, lim Limits) (*zip.Reader, error) {
	zr, err := zipguard.Open(data, withDefaults(lim))
	if err != nil {
		return nil, guardError(err, withDefaults(lim))
	}
	return zr, nil
}

// guardError turns a zipguard refusal into the submitter's Swedish message.
func guardError(err error, lim Limits) error {
	var le *zipguard.LimitError
	var ne *zipguard.NameError
	switch {
	case errors.As(err, &le) && le.Err == zipguard.ErrFileTooLarge:
		return errTooLarge(le.Got, lim)
	case errors.As(err, &le) && le.Err == zipguard.ErrTooManyEntries:
		return errTooManyEntries(uint64(le.Got), lim)
	case errors.As(err, &le):
		return errUnzippedTooLarge(Limits{MaxUnzippedBytes: le.Limit})
	case errors.As(err, &ne) && ne.Err == zipguard.ErrDuplicateEntry:
		return reject(err, "Filen innehåller delen %s två gånger, vilket Excel och PowerPoint aldrig gör; den kan vara manipulerad. "+
			"Öppna originalet i Excel eller PowerPoint, spara det på nytt och skicka in det igen.", quoteName(ne.Entry))
	case errors.As(err, &ne):
		return reject(err, "Filen innehåller en del med otillåtet namn (%s) som pekar utanför filen; den kan vara manipulerad. "+
			"Öppna originalet i Excel eller PowerPoint, spara det på nytt och skicka in det igen.", quoteName(ne.Entry))
	case errors.Is(err, zip.ErrAlgorithm):
		return reject(err, "Filen använder en komprimering som inte stöds. Öppna den i Excel eller PowerPoint, spara den på nytt och skicka in den igen.")
	}
	return reject(err, msgCorrupt)
}

// quoteName shows an entry or file name safely in a message: control characters
// and invalid UTF-8 escaped, long names cut.
func quoteName(s string) string {
	if len(s) > 120 {
		s = strings.ToValidUTF8(s[:120], "") + "…"
	}
	return strconv.QuoteToGraphic(s)
}

// checkOffice opens a submitted Office file for the readers: the archive guard
// (zipguard.Open), then every entry inflated once, counting the bytes that really
// come out, because a zip can lie about its sizes. Parts that are XML by their
// content type ([Content_Types].xml), or by name when none is declared, are
// scanned within the XML bounds above, whatever they are called; the other parts
// (images, embedded objects) are only counted and left out of archive.data, so no
// parser ever holds them. what names the file in refusals ("Arbetsboken",
// "Presentationen").
func checkOffice(data []byte, lim Limits, what string) (*archive, error) {
	lim = withDefaults(lim)
	zr, err := openZip(data, lim)
	if err != nil {
		return nil, err
	}
	types, err := readContentTypes(zr, what)
	if err != nil {
		return nil, err
	}
	a := &archive{sizes: make(map[string]int64, len(zr.File))}
	var (
		budget  = lim.MaxUnzippedBytes
		xmlLeft = int64(maxXMLBytes)
		sc      = xmlScan{elemsLeft: maxXMLElements}
		slim    bytes.Buffer
	)
	zw := zip.NewWriter(&slim)
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		if !types.isXML(f.Name) {
			n, err := inflateCount(f, min(budget, lim.MaxPartBytes))
			if err != nil {
				return nil, err
			}
			budget -= n
			a.sizes[f.Name] += n
			continue
		}
		partCap := min(int64(maxXMLPartBytes), lim.MaxPartBytes, budget)
		n, err := sc.part(f, min(partCap, xmlLeft))
		if err != nil {
			return nil, xmlPartError(err, f.Name, what, partCap, xmlLeft)
		}
		budget -= n
		xmlLeft -= n
		a.sizes[f.Name] += n
		if err := zw.Copy(f); err != nil {
			return nil, reject(err, msgCorrupt)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, reject(err, msgCorrupt)
	}
	a.data = slim.Bytes()
	if a.zr, err = zip.NewReader(bytes.NewReader(a.data), int64(len(a.data))); err != nil {
		return nil, reject(err, msgCorrupt)
	}
	return a, nil
}

// xmlPartError explains why an XML part was refused.
func xmlPartError(err error, part, what string, partCap, xmlLeft int64) error {
	var le *zipguard.LimitError
	switch {
	case errors.Is(err, errXMLDTD):
		return reject(err, "%s innehåller en XML-del (%s) med en dokumenttypdeklaration (DOCTYPE eller ENTITY). "+
			"Excel och PowerPoint skriver aldrig sådana, och de kan användas för att överbelasta tjänsten. "+
			"Öppna originalet i Excel eller PowerPoint, spara det på nytt och skicka in det igen.", what, quoteName(part))
	case errors.Is(err, errXMLDepth):
		return reject(err, "%s innehåller en XML-del (%s) som är nästlad djupare än %d nivåer och kan inte vara en ifylld mall. "+
			"Öppna originalet i Excel eller PowerPoint, spara det på nytt och skicka in det igen.", what, quoteName(part), maxXMLDepth)
	case errors.Is(err, errXMLElements):
		return reject(err, "%s innehåller fler än %d XML-element och kan inte vara en ifylld mall. "+
			"Ta bort överflödigt innehåll (blad, rader, formatering och inbäddade objekt) och skicka in den igen.", what, maxXMLElements)
	case errors.As(err, &le) && le.Err == zipguard.ErrUnzippedTooLarge:
		if xmlLeft < partCap {
			return reject(err, "%s innehåller sammanlagt mer än tillåtna %s XML och kan inte vara en ifylld mall. "+
				"Ta bort överflödigt innehåll (blad, rader, formatering och inbäddade objekt) och skicka in den igen.", what, humanBytes(maxXMLBytes))
		}
		return reject(err, "%s innehåller en del (%s) som är större än tillåtna %s och kan inte vara en ifylld mall. "+
			"Ta bort överflödigt innehåll (blad, rader, bilder och inbäddade objekt) och skicka in den igen.", what, quoteName(part), humanBytes(partCap))
	}
	return guardError(err, Limits{})
}

// contentTypes is a package's [Content_Types].xml.
type contentTypes struct {
	defaults  map[string]string // extension (lower case) -> type
	overrides map[string]string // zipguard.Key of the part -> type
}

// readContentTypes reads [Content_Types].xml, which must be plain XML without a DTD.
func readContentTypes(zr *zip.Reader, what string) (*contentTypes, error) {
	ct := &contentTypes{defaults: map[string]string{}, overrides: map[string]string{}}
	b, ok, err := readPart(zr, "[Content_Types].xml", maxContentTypes)
	if err != nil || !ok {
		return ct, err
	}
	var sc xmlScan
	sc.elemsLeft = maxXMLElements
	if err := sc.scan(bytes.NewReader(b)); err != nil {
		return nil, xmlPartError(err, "[Content_Types].xml", what, maxContentTypes, maxXMLBytes)
	}
	var x struct {
		Defaults []struct {
			Ext  string `xml:"Extension,attr"`
			Type string `xml:"ContentType,attr"`
		} `xml:"Default"`
		Overrides []struct {
			Part string `xml:"PartName,attr"`
			Type string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(b, &x); err != nil {
		return nil, reject(err, msgCorrupt)
	}
	for _, d := range x.Defaults {
		ct.defaults[strings.ToLower(d.Ext)] = d.Type
	}
	for _, o := range x.Overrides {
		ct.overrides[zipguard.Key(strings.TrimPrefix(o.Part, "/"))] = o.Type
	}
	return ct, nil
}

// isXML reports whether a part is parsed as XML: its declared content type is an
// XML type, or, with no type declared, its name ends in .xml or .rels.
func (ct *contentTypes) isXML(name string) bool {
	key := zipguard.Key(name)
	if key == "[content_types].xml" {
		return true
	}
	t, ok := ct.overrides[key]
	if !ok {
		t, ok = ct.defaults[strings.TrimPrefix(path.Ext(key), ".")]
	}
	if !ok || t == "" {
		return strings.HasSuffix(key, ".xml") || strings.HasSuffix(key, ".rels")
	}
	t = strings.ToLower(strings.TrimSpace(t))
	return strings.HasSuffix(t, "+xml") || strings.HasSuffix(t, "/xml") || strings.Contains(t, "xml;")
}

// inflateCount inflates one entry into nothing and returns its real size; more than
// limit bytes is a refusal.
func inflateCount(f *zip.File, limit int64) (int64, error) {
	n, err := zipguard.Inflate(f, limit, io.Discard)
	if err != nil {
		return n, guardError(err, Limits{})
	}
	return n, nil
}

// readPart inflates the named entry (case-insensitive), at most max bytes.
func readPart(zr *zip.Reader, name string, max int64) ([]byte, bool, error) {
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			b, err := zipguard.ReadAll(f, max)
			if err != nil {
				return nil, true, guardError(err, Limits{})
			}
			return b, true, nil
		}
	}
	return nil, false, nil
}

func errTooLarge(size int64, lim Limits) error {
	return reject(nil, "Filen är för stor (%s; högst %s tillåts). Ta bort stora bilder eller inbäddade objekt, "+
		"eller dela upp innehållet, och skicka in den igen.", humanBytes(size), humanBytes(lim.MaxFileBytes))
}

func errTooManyEntries(n uint64, lim Limits) error {
	return reject(nil, "Filen innehåller för många delar (%d; högst %d tillåts) och kan inte vara en ifylld mall. "+
		"Använd mallen och skicka in den igen.", n, lim.MaxZipEntries)
}

func errUnzippedTooLarge(lim Limits) error {
	return reject(nil, "Filen packas upp till mer än tillåtna %s och avvisas (den kan vara en så kallad zip-bomb). "+
		"Kontrollera filen, ta bort stora inbäddade objekt och skicka in den igen.", humanBytes(lim.MaxUnzippedBytes))
}

// humanBytes formats a size in Swedish style, e.g. "25 MB".
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return strings.Replace(fmt.Sprintf("%.1f GB", float64(n)/(1<<30)), ".", ",", 1)
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", (n+(1<<19))>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", (n+(1<<9))>>10)
	}
	return fmt.Sprintf("%d byte", n)
}
