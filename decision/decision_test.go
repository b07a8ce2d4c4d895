package decision_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/decision"
	"handlingsplan/generator/workbook"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/sources"
	"handlingsplan/store"
	"handlingsplan/templates"
)

const planName = "RPO Hjärt- och kärlsjukdomar"

func day(s string) time.Time {
	d, _ := time.ParseInLocation(time.DateOnly, s, time.Local)
	return d
}

// fixture is a store with one plan whose version has two proposals and one
// activity without påverkan.
func fixture(t *testing.T) (*config.Config, *store.Store, []decision.Proposal) {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, _, err := st.AddVersion(context.Background(), 0, version(plan.StatusGreen)); err != nil {
		t.Fatal(err)
	}
	ps, err := decision.Proposals(context.Background(), cfg, st, planName)
	if err != nil || len(ps) != 2 {
		t.Fatalf("proposals = %v, %v", ps, err)
	}
	return cfg, st, ps
}

func version(s plan.Status) *plan.Plan {
	return &plan.Plan{Name: planName, Kind: plan.KindRPO, Updated: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Areas: []plan.Area{{Title: "Jämlik vård", Activities: []plan.Activity{
			{Description: "Gemensamt vårdprogram för hjärtsvikt", Status: s, Impact: plan.ImpactOperational, ImpactDetail: "Ny arbetsfördelning"},
			{Description: "Utbildning för primärvården", Status: plan.StatusYellow},
			{Description: "Regional hjärtsviktsmottagning", Status: plan.StatusRed, Impact: plan.ImpactFinancial, ImpactDetail: "2 mnkr per år"},
		}}}}
}

func TestRecord(t *testing.T) {
	cfg, st, ps := fixture(t)
	ctx := context.Background()
	id := ps[0].Activity.ID
	other := ps[1].Activity.ID
	var nonProposal string
	v, _ := st.Latest(ctx, planName)
	for _, aa := range v.Plan.Activities() {
		if aa.Activity.Impact == plan.ImpactNone {
			nonProposal = aa.Activity.ID
		}
	}
	tests := []struct {
		name        string
		r           decision.Request
		wantStage   plan.Stage
		wantChanged bool
		wantCode    apperr.Code
		wantMsg     string
	}{
		{"KR", decision.Request{Plan: "Hjärt- och kärlsjukdomar", Activity: id, Stage: "kr", Date: day("2026-10-15"), Note: "Stöds", By: "anna"}, plan.StageKR, true, "", ""},
		{"KR again", decision.Request{Plan: planName, Activity: id, Stage: "kr", Date: day("2026-10-15"), Note: "Stöds", By: "anna"}, plan.StageKR, false, "", ""},
		{"RSL", decision.Request{Plan: planName, Activity: id, Stage: "Beredd i RSL", Outcome: "Tillstyrks", Date: day("2026-11-10"), By: "anna"}, plan.StageRSL, true, "", ""},
		{"SVN", decision.Request{Plan: planName, Activity: id, Stage: "svn", Outcome: "bordlagd", Date: day("2026-12-10"), By: "anna"}, plan.StageSVN, true, "", ""},
		{"SVN decided again", decision.Request{Plan: planName, Activity: id, Stage: "svn", Outcome: "Bifall", Date: day("2027-02-04"), By: "anna"}, plan.StageSVN, true, "", ""},
		{"KR after SVN", decision.Request{Plan: planName, Activity: id, Stage: "kr", Date: day("2026-10-16"), By: "anna"}, "", false, apperr.Invalid, "Förslaget har redan nått steget beslutad i SVN"},
		{"SVN first", decision.Request{Plan: planName, Activity: other, Stage: "svn", Outcome: "bifall", Date: day("2026-12-10"), By: "anna"}, "", false, apperr.Invalid, "Steget bedömd i KR kommer först"},
		{"bad outcome", decision.Request{Plan: planName, Activity: other, Stage: "svn", Outcome: "Ingår", Date: day("2026-12-10"), By: "anna"}, "", false, apperr.Invalid, "välj Bifall, Avslag eller Bordlagd"},
		{"bad stage", decision.Request{Plan: planName, Activity: other, Stage: "styrelsen", Date: day("2026-12-10"), By: "anna"}, "", false, apperr.Invalid, "Okänt steg"},
		{"no date", decision.Request{Plan: planName, Activity: other, Stage: "kr", By: "anna"}, "", false, apperr.Invalid, "behöver ett datum"},
		{"not a proposal", decision.Request{Plan: planName, Activity: nonProposal, Stage: "kr", Date: day("2026-12-10"), By: "anna"}, "", false, apperr.NotFound, "har inget förslag med aktivitets-id"},
		{"bad id", decision.Request{Plan: planName, Activity: "7", Stage: "kr", Date: day("2026-12-10"), By: "anna"}, "", false, apperr.Invalid, "är inget aktivitets-id"},
		{"unknown plan", decision.Request{Plan: "RPO Finns inte", Activity: id, Stage: "kr", Date: day("2026-12-10"), By: "anna"}, "", false, apperr.Invalid, "Okänt programområde"},
		{"no version", decision.Request{Plan: "RPO Psykisk hälsa", Activity: id, Stage: "kr", Date: day("2026-12-10"), By: "anna"}, "", false, apperr.NotFound, "Ingen version av RPO Psykisk hälsa"},
		{"no one", decision.Request{Plan: planName, Activity: id, Stage: "kr", Date: day("2026-12-10")}, "", false, apperr.Invalid, "vem som registrerar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, changed, err := decision.Record(ctx, cfg, st, tt.r)
			if tt.wantCode != "" {
				if apperr.CodeOf(err) != tt.wantCode || !strings.Contains(apperr.MessageOf(err), tt.wantMsg) {
					t.Errorf("err = %v (%s), want %s containing %q", err, apperr.MessageOf(err), tt.wantCode, tt.wantMsg)
				}
				return
			}
			if err != nil || p.Trail.Current() != tt.wantStage || changed != tt.wantChanged {
				t.Errorf("Record = %+v, %v, %v", p.Trail, changed, err)
			}
		})
	}
	// Four changes, four audit entries.
	log, err := st.AuditLog(ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range log {
		if a.Action == store.ActionDecision && a.Actor == "anna" && a.Object == planName {
			n++
		}
	}
	if n != 4 {
		t.Errorf("audit entries = %d, want 4", n)
	}

	// A new version keeps the activity ids, and so the trails.
	if _, created, err := st.AddVersion(ctx, 0, version(plan.StatusYellow)); err != nil || !created {
		t.Fatalf("new version: %v, %v", created, err)
	}
	ps2, err := decision.Proposals(ctx, cfg, st, planName)
	if err != nil || ps2[0].Version != 2 || ps2[0].Activity.ID != id {
		t.Fatalf("after a new version: %+v, %v", ps2, err)
	}
	last, _ := ps2[0].Trail.Last()
	if len(ps2[0].Trail) != 3 || last.Outcome != plan.DecisionApproved || !last.Date.Equal(day("2027-02-04")) {
		t.Errorf("trail after a new version = %+v", ps2[0].Trail)
	}
	if got := report.TrailLabel(ps2[0].Trail); got != "Beslutad i SVN 4 februari 2027: bifall" {
		t.Errorf("label = %q", got)
	}
}

// workList builds the SVN package's workbook from the store, as the publisher
// does, and returns it opened.
func workList(t *testing.T, cfg *config.Config, st *store.Store) *excelize.File {
	t.Helper()
	ctx := context.Background()
	latest, err := st.LatestAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := report.Input{Catalog: &cfg.Catalog, Meeting: day("2026-12-10"), Generated: day("2026-12-01")}
	for _, v := range latest {
		in.Current = append(in.Current, report.Entry{Plan: v.Plan, Version: v.Number, SHA256: v.SHA256, Received: v.Received})
	}
	if in.Decisions, err = st.AllDecisions(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := report.Build(report.Request{Audience: plan.AudienceSVN}, in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, rep, &cfg.Catalog, workbook.Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// cells finds the working list's columns and the row of each activity id.
func cells(t *testing.T, f *excelize.File) (col map[string]string, rowOf map[string]int) {
	t.Helper()
	rows, err := f.GetRows(templates.WorkListSheet)
	if err != nil || len(rows) < 2 {
		t.Fatalf("rows = %d, %v", len(rows), err)
	}
	col, rowOf = map[string]string{}, map[string]int{}
	for i, h := range rows[0] {
		name, _ := excelize.ColumnNumberToName(i + 1)
		col[h] = name
	}
	for r, row := range rows[1:] {
		for i, v := range row {
			if rows[0][i] == templates.WorkHeadActivityID {
				rowOf[v] = r + 2
			}
		}
	}
	return col, rowOf
}

func TestWorkListRoundTrip(t *testing.T) {
	cfg, st, ps := fixture(t)
	ctx := context.Background()
	a, b := ps[0].Activity.ID, ps[1].Activity.ID
	for _, id := range []string{a, b} {
		if _, _, err := decision.Record(ctx, cfg, st, decision.Request{Plan: planName, Activity: id, Stage: "kr", Date: day("2026-10-15"), By: "anna"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := decision.Record(ctx, cfg, st, decision.Request{Plan: planName, Activity: a, Stage: "rsl", Outcome: "avstyrks", Date: day("2026-11-10"), Note: "För dyrt", By: "anna"}); err != nil {
		t.Fatal(err)
	}
	f := workList(t, cfg, st)
	col, rowOf := cells(t, f)
	for _, h := range []string{templates.WorkHeadState, templates.WorkHeadAssessment, templates.WorkHeadAssessedOn, templates.WorkHeadDecision, templates.WorkHeadDecidedOn, templates.WorkHeadNote, templates.WorkHeadActivityID} {
		if col[h] == "" {
			t.Fatalf("no column %q in %v", h, col)
		}
	}
	get := func(h, id string) string {
		v, _ := f.GetCellValue(templates.WorkListSheet, col[h]+itoa(rowOf[id]))
		return v
	}
	// Pre-filled with what is recorded.
	if get(templates.WorkHeadAssessment, a) != "Avstyrks" || get(templates.WorkHeadAssessedOn, a) != "2026-11-10" || get(templates.WorkHeadNote, a) != "För dyrt" ||
		get(templates.WorkHeadState, a) != "Beredd i RSL 10 november 2026: avstyrks" || get(templates.WorkHeadState, b) != "Bedömd i KR 15 oktober 2026" {
		t.Errorf("pre-filled row = %q %q %q %q", get(templates.WorkHeadAssessment, a), get(templates.WorkHeadAssessedOn, a), get(templates.WorkHeadNote, a), get(templates.WorkHeadState, a))
	}
	dvs, _ := f.GetDataValidations(templates.WorkListSheet)
	var lists []string
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists = append(lists, dv.Formula1)
		}
	}
	if !strings.Contains(strings.Join(lists, " "), "Bifall,Avslag,Bordlagd") {
		t.Errorf("drop-downs = %q", lists)
	}

	save := func(t *testing.T, set map[string]any) []byte {
		t.Helper()
		for cell, v := range set {
			if err := f.SetCellValue(templates.WorkListSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	c := func(h, id string) string { return col[h] + itoa(rowOf[id]) }
	quoted := "'" + templates.WorkListSheet + "'!"

	bad := []struct {
		name string
		set  map[string]any
		want []string // locations and parts of messages
	}{
		{"bad decision value", map[string]any{c(templates.WorkHeadDecision, a): "Ingår inte"},
			[]string{quoted + c(templates.WorkHeadDecision, a), "välj Bifall, Avslag, Bordlagd"}},
		{"bad date", map[string]any{c(templates.WorkHeadDecision, a): "Bifall", c(templates.WorkHeadDecidedOn, a): "i morgon"},
			[]string{quoted + c(templates.WorkHeadDecidedOn, a), "är inget datum"}},
		{"out of order", map[string]any{c(templates.WorkHeadAssessment, b): "", c(templates.WorkHeadDecision, b): "Bifall", c(templates.WorkHeadDecidedOn, b): "2026-12-10"},
			[]string{quoted + c(templates.WorkHeadDecision, b), "Steget beredd i RSL kommer först"}},
		{"unknown activity", map[string]any{c(templates.WorkHeadActivityID, a): "A-00000000", c(templates.WorkHeadDecision, a): "Bifall"},
			[]string{quoted + c(templates.WorkHeadActivityID, a), "inget förslag med aktivitets-id A-00000000"}},
		{"unknown plan", map[string]any{c(templates.WorkHeadPlan, a): "RPO Finns inte", c(templates.WorkHeadDecision, a): "Bifall"},
			[]string{quoted + c(templates.WorkHeadPlan, a), "Okänt programområde"}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f = workList(t, cfg, st)
			// Row b also gets a good Bedömning: nothing is applied when any row is wrong.
			if _, ok := tt.set[c(templates.WorkHeadAssessment, b)]; !ok {
				tt.set[c(templates.WorkHeadAssessment, b)] = "Tillstyrks"
			}
			rows, ps := sources.ReadWorkList(sources.Input{Name: "lista.xlsx", Data: save(t, tt.set)}, sources.Limits{})
			var n int
			if !ps.HasErrors() {
				var err error
				n, ps, err = decision.ApplyList(ctx, cfg, st, rows, "anna", day("2026-12-10"))
				if err != nil {
					t.Fatal(err)
				}
			}
			text := ""
			for _, p := range ps {
				text += p.String() + "\n"
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("problems %q lack %q", text, w)
				}
			}
			got, _ := st.Decisions(ctx, planName)
			if n != 0 || got[b].Current() != plan.StageKR {
				t.Errorf("applied %d, trail of b = %+v", n, got[b])
			}
		})
	}

	t.Run("good", func(t *testing.T) {
		f = workList(t, cfg, st)
		data := save(t, map[string]any{
			c(templates.WorkHeadDecision, a): "Avslag", c(templates.WorkHeadDecidedOn, a): day("2026-12-10"), c(templates.WorkHeadNote, a): "Ryms inte i budgeten",
			c(templates.WorkHeadAssessment, b): "Tillstyrks delvis", // no date: today
		})
		rows, ps := sources.ReadWorkList(sources.Input{Name: "lista.xlsx", Data: data}, sources.Limits{})
		if ps.HasErrors() {
			t.Fatal(ps)
		}
		n, ps, err := decision.ApplyList(ctx, cfg, st, rows, "anna", day("2026-12-11"))
		if err != nil || ps.HasErrors() || n != 2 {
			t.Fatalf("apply = %d, %v, %v", n, ps, err)
		}
		got, _ := st.Decisions(ctx, planName)
		svn, _ := got[a].Step(plan.StageSVN)
		rsl, _ := got[a].Step(plan.StageRSL)
		brsl, _ := got[b].Step(plan.StageRSL)
		if svn.Outcome != plan.DecisionRejected || !svn.Date.Equal(day("2026-12-10")) || svn.Note != "Ryms inte i budgeten" || rsl.Note != "För dyrt" ||
			brsl.Outcome != plan.AssessPartly || !brsl.Date.Equal(day("2026-12-11")) {
			t.Errorf("after apply: a = %+v, b = %+v", got[a], got[b])
		}
		// The same list again changes nothing.
		rows, _ = sources.ReadWorkList(sources.Input{Name: "lista.xlsx", Data: workListBytes(t, cfg, st)}, sources.Limits{})
		if n, ps, err := decision.ApplyList(ctx, cfg, st, rows, "anna", day("2026-12-12")); err != nil || ps.HasErrors() || n != 0 {
			t.Errorf("again = %d, %v, %v", n, ps, err)
		}
	})

	t.Run("same proposal twice", func(t *testing.T) {
		// The plan written once with and once without its prefix: still one proposal.
		rows := []sources.ListRow{
			{Row: 2, Plan: planName, ActivityID: a, Decision: plan.DecisionApproved},
			{Row: 3, Plan: strings.TrimPrefix(planName, "RPO "), ActivityID: a, Decision: plan.DecisionRejected},
		}
		n, ps, err := decision.ApplyList(ctx, cfg, st, rows, "anna", day("2026-12-12"))
		if err != nil || n != 0 || !ps.HasErrors() || !strings.Contains(ps[0].Message, "står redan i arbetslistan") {
			t.Errorf("apply = %d, %v, %v", n, ps, err)
		}
	})
}

func workListBytes(t *testing.T, cfg *config.Config, st *store.Store) []byte {
	buf, err := workList(t, cfg, st).WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadWorkListHostile(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"not a workbook", []byte("hej"), "lista.xlsx"},
		{"too large", bytes.Repeat([]byte("x"), 2<<20), "för stor"},
		{"no sheet", func() []byte {
			f := excelize.NewFile()
			buf, _ := f.WriteToBuffer()
			return buf.Bytes()
		}(), "Bladet \"Förslag till överenskommelse\" saknas"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, ps := sources.ReadWorkList(sources.Input{Name: "lista.xlsx", Data: tt.data}, sources.Limits{MaxFileBytes: 1 << 20})
			if rows != nil || !ps.HasErrors() || !strings.Contains(ps[0].String(), tt.want) {
				t.Errorf("rows %v, problems %v", rows, ps)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
