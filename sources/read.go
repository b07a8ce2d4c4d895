// Package sources turns submitted files (Excel workbooks and PowerPoint decks filled
// in from the region's templates) into plans, with every problem found on the way.
package sources

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"

	"handlingsplan/limits"
	"handlingsplan/plan"
	"handlingsplan/zipguard"
)

// Input is one submitted file.
type Input struct {
	Name string // file name as submitted; its extension helps tell the format
	Data []byte
}

// Result is what reading one file gave.
type Result struct {
	Format   string     // "xlsx", "pptx" or "" when the file could not be recognised
	Plan     *plan.Plan // nil when the file could not be read at all
	Problems plan.Problems
}

// OK reports whether the file can be accepted: it was read and has no errors.
func (r Result) OK() bool { return r.Plan != nil && !r.Problems.HasErrors() }

// Limits bound what a hostile file may cost to read.
type Limits = zipguard.Limits

// DefaultLimits are generous for real templates and small for attacks.
var DefaultLimits = limits.Default()

// withDefaults fills zero limits from DefaultLimits, so a partly configured Limits
// never means "unlimited".
func withDefaults(l Limits) Limits {
	l = l.Or(DefaultLimits)
	l.MaxPartBytes = min(l.MaxPartBytes, l.MaxUnzippedBytes)
	return l
}

// Read reads one submitted file into a plan and validates it against the catalog.
// The format is told by the content (zip parts, OLE directory) and, where the
// content does not decide, by the file name. Read never panics; a file that cannot
// be read gives a Result with a nil Plan and an error problem at the file name.
func Read(in Input, cat *plan.Catalog, lim Limits) (res Result) {
	lim = withDefaults(lim)
	defer func() {
		// Last resort: a library may panic on bizarre input. The cause should be
		// fixed, but the submitter still gets a clear answer.
		if r := recover(); r != nil {
			res = Result{Format: res.Format}
			res.Problems.Errorf(fileLoc(in), "", "Filen kunde inte läsas eftersom den verkar vara skadad (internt fel i läsaren). "+
				"Öppna filen i Excel eller PowerPoint, spara den på nytt och skicka in den igen.")
		}
	}()
	if cat == nil {
		cat = &plan.Catalog{} // every programme area is then unknown, which is reported
	}
	format, ps := detectFormat(in, lim)
	res.Format = format
	switch format {
	case "xlsx":
		res = readExcel(in, cat, lim)
	case "pptx":
		res = readSlides(in, cat, lim)
	default:
		return Result{Problems: ps}
	}
	res.Format = format
	res.Problems = append(ps, res.Problems...)
	if res.Plan != nil {
		sum := sha256.Sum256(in.Data)
		res.Plan.Source.FileName = in.Name
		res.Plan.Source.Format = format
		res.Plan.Source.SHA256 = hex.EncodeToString(sum[:])
	}
	return res
}

// fileLoc is the location of file-level problems: the file name.
func fileLoc(in Input) string {
	if in.Name == "" {
		return "filen"
	}
	return filepath.Base(in.Name)
}

// oleMagic starts every OLE compound file: legacy .xls/.ppt and encrypted OOXML.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// detectFormat tells what the file is, by content first and by name where the
// content does not decide. It returns "xlsx" or "pptx", or "" with the error that
// refuses the file; warnings (a misleading name) come back with a format.
func detectFormat(in Input, lim Limits) (string, plan.Problems) {
	var ps plan.Problems
	loc := fileLoc(in)
	ext := strings.ToLower(filepath.Ext(in.Name))
	if int64(len(in.Data)) > lim.MaxFileBytes {
		addFileError(&ps, loc, errTooLarge(int64(len(in.Data)), lim))
		return "", ps
	}
	if len(in.Data) == 0 {
		ps.Errorf(loc, "", "Filen är tom. Spara den ifyllda mallen på nytt och skicka in den igen.")
		return "", ps
	}
	if bytes.HasPrefix(in.Data, oleMagic) {
		ps.Errorf(loc, "", "%s", oleMessage(in.Data, ext))
		return "", ps
	}
	if !bytes.HasPrefix(in.Data, []byte("PK")) {
		ps.Errorf(loc, "", "%s", notOfficeMessage(ext))
		return "", ps
	}
	zr, err := openZip(in.Data, lim)
	if err != nil {
		addFileError(&ps, loc, err)
		return "", ps
	}
	ct, _, err := readPart(zr, "[Content_Types].xml", 1<<20)
	if err != nil {
		addFileError(&ps, loc, err)
		return "", ps
	}
	has := func(name string) bool {
		for _, f := range zr.File {
			if strings.EqualFold(f.Name, name) {
				return true
			}
		}
		return false
	}
	// Macros may sit anywhere in the package; the readers never see binary parts.
	vba := false
	for _, f := range zr.File {
		vba = vba || strings.HasSuffix(strings.ToLower(f.Name), "vbaproject.bin")
	}
	// Only the main part's content type counts: a deck may embed a workbook (chart
	// data) and a workbook a deck, and their types are listed too.
	ct = bytes.ToLower(ct)
	mainType := func(kinds ...string) bool {
		for _, k := range kinds {
			if bytes.Contains(ct, []byte(k+".main+xml")) {
				return true
			}
		}
		return false
	}
	var format string
	var macro bool
	switch {
	case has("xl/workbook.xml") || mainType("spreadsheetml.sheet", "spreadsheetml.template", "sheet.macroenabled", "template.macroenabled"):
		format = "xlsx"
		macro = mainType("sheet.macroenabled", "template.macroenabled") || vba
	case has("ppt/presentation.xml") || mainType("presentationml.presentation", "presentationml.slideshow", "presentationml.template",
		"presentation.macroenabled", "slideshow.macroenabled", "template.macroenabled"):
		format = "pptx"
		macro = mainType("presentation.macroenabled", "slideshow.macroenabled", "template.macroenabled") || vba
	default:
		ps.Errorf(loc, "", "Filen är ett zip-arkiv men varken en Excel-arbetsbok (.xlsx) eller en PowerPoint-presentation (.pptx). "+
			"Fyll i mallen och skicka in den som .xlsx eller .pptx.")
		return "", ps
	}
	if macro {
		if format == "xlsx" {
			ps.Errorf(loc, "", "Filen är en makroaktiverad arbetsbok (.xlsm). Makron tas inte emot av säkerhetsskäl. "+
				"Öppna filen i Excel, välj Spara som > Excel-arbetsbok (*.xlsx) och skicka in den nya filen.")
		} else {
			ps.Errorf(loc, "", "Filen är en makroaktiverad presentation (.pptm). Makron tas inte emot av säkerhetsskäl. "+
				"Öppna filen i PowerPoint, välj Spara som > PowerPoint-presentation (*.pptx) och skicka in den nya filen.")
		}
		return "", ps
	}
	if want := map[string]string{".xlsx": "xlsx", ".pptx": "pptx"}[ext]; want != "" && want != format {
		ps.Warnf(loc, "", "Filnamnet slutar på %s men innehållet är %s; filen lästes efter innehållet. Ge filen rätt ändelse nästa gång.",
			ext, map[string]string{"xlsx": "en Excel-arbetsbok", "pptx": "en PowerPoint-presentation"}[format])
	}
	return format, ps
}

// oleMessage explains an OLE compound file: an encrypted (password protected)
// workbook or presentation, or a legacy .xls/.ppt. The directory entry names are
// UTF-16 in the file, which is enough to tell them apart.
func oleMessage(data []byte, ext string) string {
	hasName := func(name string) bool {
		u := make([]byte, 0, 2*len(name))
		for _, r := range name {
			u = append(u, byte(r), 0)
		}
		return bytes.Contains(data, u)
	}
	switch {
	case hasName("EncryptedPackage") || hasName("EncryptionInfo"):
		return "Filen är lösenordsskyddad (krypterad) och kan inte läsas. Öppna den, ta bort lösenordet " +
			"(Arkiv > Info > Skydda > Kryptera med lösenord, töm fältet), spara och skicka in den igen."
	case hasName("Workbook") || hasName("Book") || ext == ".xls":
		return "Filen är i det gamla Excel-formatet .xls (Excel 97–2003) som inte stöds. Öppna den i Excel eller LibreOffice, " +
			"spara den som Excel-arbetsbok (.xlsx) och skicka in den nya filen."
	case hasName("PowerPoint Document") || ext == ".ppt":
		return "Filen är i det gamla PowerPoint-formatet .ppt (PowerPoint 97–2003) som inte stöds. Öppna den i PowerPoint eller " +
			"LibreOffice, spara den som PowerPoint-presentation (.pptx) och skicka in den nya filen."
	}
	return "Filen är i ett äldre Office-format som inte stöds. Spara den som Excel-arbetsbok (.xlsx) eller " +
		"PowerPoint-presentation (.pptx) och skicka in den igen."
}

// notOfficeMessage explains a file that is neither zip nor OLE, using its name.
func notOfficeMessage(ext string) string {
	switch ext {
	case ".xlsx", ".xlsm", ".xls":
		return "Filen heter " + ext + " men är inte en läsbar Excel-arbetsbok; den kan vara skadad, ofullständigt överförd " +
			"eller en annan filtyp med fel ändelse. Öppna den i Excel, spara som Excel-arbetsbok (.xlsx) och skicka in den igen."
	case ".pptx", ".pptm", ".ppt":
		return "Filen heter " + ext + " men är inte en läsbar PowerPoint-presentation; den kan vara skadad, ofullständigt " +
			"överförd eller en annan filtyp med fel ändelse. Öppna den i PowerPoint, spara som .pptx och skicka in den igen."
	case ".csv", ".ods", ".odp", ".pdf", ".docx", ".doc":
		return "Filtypen " + ext + " stöds inte. Fyll i handlingsplanens mall och skicka in den som Excel-arbetsbok (.xlsx) " +
			"eller PowerPoint-presentation (.pptx)."
	}
	return "Filen är varken en Excel-arbetsbok (.xlsx) eller en PowerPoint-presentation (.pptx). " +
		"Fyll i handlingsplanens mall och skicka in den som .xlsx eller .pptx."
}
