package sources

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handlingsplan/plan"
)

func TestJSONReport(t *testing.T) {
	r := readFixture(t, "good.xlsx", DefaultLimits)
	b, err := json.Marshal(JSONReport("good.xlsx", r))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"file":"good.xlsx","ok":true,"format":"xlsx","plan":{"program_area":"RPO Psykisk hälsa","areas":3,"activities":6,` +
		`"status":{"gron":3,"gul":1,"rod":1,"avslutad":1}},"problems":[]}`
	if got := string(b); got != want {
		t.Errorf("JSON =\n%s\nwant\n%s", got, want)
	}

	r = readFixture(t, "err_corrupt.xlsx", DefaultLimits)
	b, _ = json.Marshal(JSONReport("err_corrupt.xlsx", r))
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["plan"] != nil || m["ok"] != false || m["format"] != "" {
		t.Errorf("unreadable: %s", b)
	}
	probs := m["problems"].([]any)
	p := probs[0].(map[string]any)
	if len(probs) != 1 || p["severity"] != "error" || p["location"] != "err_corrupt.xlsx" || p["field"] != "" || p["message"] == "" {
		t.Errorf("problems: %s", b)
	}
}

func TestErrorReport(t *testing.T) {
	r := readFixture(t, "err_unknown_status.xlsx", DefaultLimits)
	got := ErrorReport("err_unknown_status.xlsx", r)
	for _, want := range []string{
		"Granskning av err_unknown_status.xlsx\n",
		"Resultat: inte godkänd – 1 fel och 0 varningar.",
		"Plan: RPO Psykisk hälsa",
		"• fel – Aktiviteter!L7 (Status): Okänd status \"Lila\"",
		"Så här gör du:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	ok := ErrorReport("warn_only.xlsx", readFixture(t, "warn_only.xlsx", DefaultLimits))
	if !strings.Contains(ok, "godkänd med 5 varningar") || !strings.Contains(ok, "• varning – Aktiviteter!I3 (Mål)") {
		t.Errorf("report:\n%s", ok)
	}
}

// TestErrorReportCounts: the plan line agrees in number with its counts.
func TestErrorReportCounts(t *testing.T) {
	act := plan.Activity{Description: "a", Status: plan.StatusGreen}
	tests := []struct {
		name  string
		areas []plan.Area
		want  string
	}{
		{"one", []plan.Area{{Title: "A", Activities: []plan.Activity{act}}},
			"RPO Psykisk hälsa – 1 prioriterat område, 1 aktivitet (grön 1,"},
		{"many", []plan.Area{{Title: "A", Activities: []plan.Activity{act, act}}, {Title: "B", Activities: []plan.Activity{act}}},
			"RPO Psykisk hälsa – 2 prioriterade områden, 3 aktiviteter (grön 3,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Result{Format: "xlsx", Plan: &plan.Plan{Name: "RPO Psykisk hälsa", Areas: tt.areas}}
			if got := ErrorReport("plan.xlsx", r); !strings.Contains(got, tt.want) {
				t.Errorf("report lacks %q:\n%s", tt.want, got)
			}
		})
	}
}

func TestFileProblemInSwedish(t *testing.T) {
	_, statErr := os.Stat(filepath.Join(t.TempDir(), "saknas.xlsx"))
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"missing", os.ErrNotExist, "den finns inte"},
		{"stat", statErr, "den finns inte"},
		{"permission", &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrPermission}, "behörighet saknas"},
		{"other os error", &fs.PathError{Op: "read", Path: "/x", Err: errors.New("input/output error")}, "från disken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := FileProblem("x.xlsx", tt.err)
			if r.OK() || r.Plan != nil || len(r.Problems) != 1 || r.Problems[0].Location != "x.xlsx" ||
				!strings.Contains(r.Problems[0].Message, "Filen kunde inte läsas") || !strings.Contains(r.Problems[0].Message, tt.want) {
				t.Fatalf("FileProblem = %+v", r)
			}
			if m := r.Problems[0].Message; strings.Contains(m, "no such file") || strings.Contains(m, "/") {
				t.Errorf("English or a path shown to the user: %s", m)
			}
		})
	}
}
