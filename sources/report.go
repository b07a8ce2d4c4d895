package sources

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"handlingsplan/plan"
)

// FileReport is one file's entry in `validate --json` (SPEC §3.4).
type FileReport struct {
	File     string         `json:"file"`
	OK       bool           `json:"ok"`
	Format   string         `json:"format"`
	Plan     *PlanReport    `json:"plan"` // null when the file could not be read
	Problems []plan.Problem `json:"problems"`
}

// PlanReport summarises a plan that was read.
type PlanReport struct {
	ProgramArea string       `json:"program_area"`
	Areas       int          `json:"areas"`
	Activities  int          `json:"activities"`
	Status      StatusReport `json:"status"`
}

// StatusReport counts activities per status.
type StatusReport struct {
	Gron     int `json:"gron"`
	Gul      int `json:"gul"`
	Rod      int `json:"rod"`
	Avslutad int `json:"avslutad"`
}

// JSONReport summarises a Result for `validate --json`. Problems is never nil, so
// it encodes as [] rather than null.
func JSONReport(file string, r Result) FileReport {
	out := FileReport{
		File:     file,
		OK:       r.OK(),
		Format:   r.Format,
		Problems: append(make([]plan.Problem, 0, len(r.Problems)), r.Problems...),
	}
	if p := r.Plan; p != nil {
		c := p.Counts()
		out.Plan = &PlanReport{
			ProgramArea: p.Name,
			Areas:       len(p.Areas),
			Activities:  p.ActivityCount(),
			Status:      StatusReport{Gron: c.Green, Gul: c.Yellow, Rod: c.Red, Avslutad: c.Done},
		}
	}
	return out
}

// ErrorReport renders the Swedish validation report kept next to a rejected file
// (the .fel.txt): a header with the file name and counts, one line per problem,
// and how to go on.
func ErrorReport(file string, r Result) string {
	var b strings.Builder
	errs, warns := r.Problems.Count()
	fmt.Fprintf(&b, "Granskning av %s\n", ShowName(file))
	switch {
	case r.OK() && warns == 0:
		b.WriteString("Resultat: godkänd – inga fel eller varningar.\n")
	case r.OK():
		fmt.Fprintf(&b, "Resultat: godkänd med %s.\n", plural(warns, "varning", "varningar"))
	default:
		fmt.Fprintf(&b, "Resultat: inte godkänd – %s och %s.\n", plural(errs, "fel", "fel"), plural(warns, "varning", "varningar"))
	}
	if p := r.Plan; p != nil && p.Name != "" {
		c := p.Counts()
		fmt.Fprintf(&b, "Plan: %s – %s, %s (grön %d, gul %d, röd %d, avslutad %d).\n",
			OneLine(p.Name), plural(len(p.Areas), "prioriterat område", "prioriterade områden"),
			plural(p.ActivityCount(), "aktivitet", "aktiviteter"), c.Green, c.Yellow, c.Red, c.Done)
	}
	if len(r.Problems) > 0 {
		b.WriteString("\n")
		for _, pr := range r.Problems {
			b.WriteString("• ")
			b.WriteString(OneLine(pr.String()))
			b.WriteString("\n")
		}
	}
	b.WriteString("\nSå här gör du:\n")
	switch {
	case r.Plan == nil:
		b.WriteString("Filen kunde inte läsas. Åtgärda det som beskrivs ovan, spara filen och skicka in den igen. " +
			"Ingen ny version av planen har skapats.\n")
	case !r.OK():
		where := "blad och cell, t.ex. Aktiviteter!L7"
		if r.Format == "pptx" {
			where = "bild, tabell, rad och kolumn, t.ex. bild 5, tabell 1, rad 3, kolumn Status"
		}
		b.WriteString("Rätta felen på de platser som anges (" + where + ") i din fil, spara den " +
			"och skicka in den igen. Ingen ny version av planen har skapats. " +
			"Varningar stoppar inte inlämningen men bör ses över.\n")
	case warns > 0:
		b.WriteString("Planen är mottagen. Se gärna över varningarna till nästa uppdatering.\n")
	default:
		b.WriteString("Inget behöver göras; planen är mottagen.\n")
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// FileProblem is the Result for a file that could not even be handed to Read (for
// example it could not be opened from disk): no plan and one error at the file.
func FileProblem(file string, err error) Result {
	var res Result
	var re *rejectError
	if errors.As(err, &re) {
		addFileError(&res.Problems, file, err)
		return res
	}
	// The operating system's own words are English and name paths: say it in Swedish.
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Problems.Errorf(file, "", "Filen kunde inte läsas: den finns inte. Kontrollera filnamnet och mappen och försök igen.")
	case errors.Is(err, fs.ErrPermission):
		res.Problems.Errorf(file, "", "Filen kunde inte läsas: behörighet saknas. Kontrollera filens behörigheter, eller kopiera den till en mapp du kan läsa, och försök igen.")
	case errors.As(err, &pe):
		res.Problems.Errorf(file, "", "Filen kunde inte läsas från disken. Kontrollera filen och försök igen.")
	default:
		res.Problems.Errorf(file, "", "Filen kunde inte läsas: %v. Kontrollera filen och försök igen.", err)
	}
	return res
}

// ShowName shows a file name on one line: as it is when it is plain, quoted with
// escapes when it holds control or format characters (a newline would forge a
// line of a summary or report) or is not UTF-8.
func ShowName(name string) string {
	if OneLine(name) == name {
		return name
	}
	return strconv.QuoteToGraphic(name)
}

// OneLine escapes control and format characters and invalid UTF-8 in s, so that
// text from a file (names, cell values) stays on its line.
func OneLine(s string) string {
	plain := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	})
	if plain {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	return strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)
}
