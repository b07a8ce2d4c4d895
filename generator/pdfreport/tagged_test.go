package pdfreport

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handlingsplan/internal/officetest"
	"handlingsplan/pdf"
	"handlingsplan/plan"
	"handlingsplan/report"
)

// structText is one text of `pdfinfo -struct-text`: the kind of the element
// that holds it, the text, and which element it is (texts of one element on
// several pages are several texts).
type structText struct {
	kind, text string
	elem       int
}

// parseStructText reads pdfinfo's indented tree into the texts in reading
// order, each with its element's kind.
func parseStructText(out string) []structText {
	type open struct {
		indent, elem int
		kind         string
	}
	var stack []open
	var texts []structText
	elems := 0
	for _, l := range strings.Split(out, "\n") {
		s := strings.TrimLeft(l, " ")
		indent := len(l) - len(s)
		if s == "" || strings.HasPrefix(s, "/") { // attributes
			continue
		}
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		if strings.HasPrefix(s, `"`) {
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				texts = append(texts, structText{top.kind, strings.Trim(s, `"`), top.elem})
			}
			continue
		}
		kind := strings.TrimSuffix(strings.Fields(s)[0], ":")
		elems++
		stack = append(stack, open{indent, elems, kind})
	}
	return texts
}

// TestTagged checks the structure screen readers get: tagged, section titles
// as H1 in order, sub-headings as H2, tables with header cells, every word on
// the pages either in the structure or an artifact of pagination, and the
// running header and footer never in the structure.
func TestTagged(t *testing.T) {
	needTool(t, "pdfinfo")
	needTool(t, "pdftotext")
	reports, cat := buildReports(t, 1)
	for _, name := range []string{"kr", "rsl", "svn", "plan"} {
		t.Run(name, func(t *testing.T) {
			r := reports[name]
			path := filepath.Join(t.TempDir(), name+".pdf")
			if err := os.WriteFile(path, render1(t, r, cat), 0o644); err != nil {
				t.Fatal(err)
			}
			if info := tool(t, "pdfinfo", path); !strings.Contains(info, "Tagged:          yes") {
				t.Fatalf("not tagged:\n%s", info)
			}
			texts := parseStructText(tool(t, "pdfinfo", "-struct-text", path))
			in := func(kind string) []string {
				var out []string
				for _, st := range texts {
					if st.kind == kind {
						out = append(out, strings.Join(strings.Fields(st.text), " "))
					}
				}
				return out
			}

			// H1: the cover's title, then the title bars in the order of the sections.
			h1 := []string{r.Title}
			for _, sec := range r.Sections() {
				switch {
				case sec.Kind == report.SectionPlans && r.Audience == plan.AudiencePlan:
					h1 = append(h1, sec.Title+" "+r.Plans[0].Name)
				case sec.Kind == report.SectionPlans && len(r.Plans) > 0:
					for _, p := range r.Plans {
						h1 = append(h1, p.Name)
					}
				default:
					h1 = append(h1, sec.Title)
				}
			}
			if got := in("H1"); !slices.Equal(got, h1) {
				t.Errorf("H1:\n%q\nwant\n%q", got, h1)
			}

			all := strings.Builder{}
			for _, st := range texts {
				all.WriteString(st.text)
				all.WriteByte(' ')
			}
			structure := strings.Join(strings.Fields(all.String()), " ")
			if strings.Contains(structure, "Sida 1 av") || strings.Contains(structure, footerOf(r)) {
				t.Error("the running footer is in the structure")
			}
			if strings.Contains(structure, "(forts.)") {
				t.Error("a continuation mark is in the structure")
			}

			// Every word on the pages is read, or is pagination. pdftotext
			// breaks lines where the structure has none ("Programområde/" and
			// "samverkansgrupp") and joins a hyphen at a line's end ("bild-
			// och" is "bildoch"), so its words are looked for as parts.
			dehyphen := strings.ReplaceAll(structure, "- ", "")
			artifacts := footerOf(r) + " Sida av (forts.) Handlingsplaner – " + region + " " + r.Title
			seen := map[string]bool{}
			for _, w := range strings.Fields(tool(t, "pdftotext", "-enc", "UTF-8", path, "-")) {
				if !seen[w] && !strings.Contains(structure, w) && !strings.Contains(dehyphen, w) && !strings.Contains(artifacts, w) && !isNumber(w) {
					t.Errorf("%q is on a page but neither in the structure nor an artifact", w)
				}
				seen[w] = true
			}

			switch name {
			case "kr":
				if !slices.Contains(in("TH"), "Status") {
					t.Errorf("no TH Status: %q", in("TH"))
				}
				if !slices.Contains(in("H2"), "Övriga kommentarer") {
					t.Errorf("H2: %q", in("H2"))
				}
				p := r.Plans[0]
				desc := strings.Join(strings.Fields(clean(p.Areas[0].Activities[0].Description)), " ")
				if !slices.ContainsFunc(in("TD"), func(s string) bool { return strings.HasPrefix(s, desc) }) {
					t.Errorf("the activity %q is in no TD", desc)
				}
				if !slices.ContainsFunc(in("TD"), func(s string) bool { return strings.HasPrefix(s, "Grön") }) {
					t.Error("no status word in a TD")
				}
				for _, s := range []string{p.Contact, p.Email, p.Period, p.Cooperation.Patients} {
					if !strings.Contains(structure, strings.Join(strings.Fields(s), " ")) {
						t.Errorf("plan field %q is not in the structure", s)
					}
				}
			case "plan":
				// The plan's facts: each label heads its value.
				p := r.Plans[0]
				i := slices.IndexFunc(texts, func(st structText) bool { return st.kind == "TH" && st.text == "Kontaktperson" })
				if i < 0 || i+1 >= len(texts) || texts[i+1].kind != "TD" || texts[i+1].text != p.Contact {
					t.Errorf("no TH Kontaktperson before TD %q", p.Contact)
				}
			case "rsl":
				if !slices.Contains(in("H2"), "Status per forum") {
					t.Errorf("H2: %q", in("H2"))
				}
				// A bar's cell reads as its counts.
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if want := pdf.TextString("Grön "); !bytes.Contains(officetest.Inflated(b), []byte("/ActualText "+want[:len(want)-1])) {
					t.Error("no bar reads as its counts (ActualText)")
				}
			}
			if _, err := exec.LookPath("qpdf"); err == nil { // not in CI
				if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
					t.Errorf("qpdf --check: %v\n%s", err, out)
				}
			}
		})
	}
}

func footerOf(r *report.Report) string { return (&doc{r: r}).footerText() }

// isNumber: page numbers of "Sida N av M".
func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
