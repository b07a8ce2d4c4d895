package api_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/api"
	"handlingsplan/generator/workbook"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// TestDecisions records a proposal's trail through the API as an admin, lists
// it as a reader and uploads the SVN working list, good and bad; every
// response is checked against openapi.json.
func TestDecisions(t *testing.T) {
	svc := newService(t, setup{noBuilder: true})
	smp := makeSamples(t, &svc.cfg.Catalog, 1)
	r := svc.upload("inlamnare-token", smp.names[0], smp.files[smp.names[0]])
	if r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	var sub struct {
		Submission struct{ Plan string } `json:"submission"`
	}
	r.json(t, &sub)
	name := sub.Submission.Plan
	path := "/api/plans/" + pathEscape(name) + "/decisions"
	var list []api.Proposal
	r = svc.get(path, "lasare-token")
	r.json(t, &list)
	if r.status != 200 || len(list) < 2 || list[0].Stage != "foreslagen" || list[0].State != "Föreslagen" || !plan.ValidID(list[0].ActivityID) {
		t.Fatalf("GET decisions: %d %+v", r.status, list)
	}
	id, other := list[0].ActivityID, list[1].ActivityID

	tests := []struct {
		name        string
		token       string
		body        any
		wantStatus  int
		wantMessage string
	}{
		{"Anonymous", "", map[string]any{"activity_id": id, "stage": "kr", "date": "2026-10-15"}, 401, ""},
		{"Reader", "lasare-token", map[string]any{"activity_id": id, "stage": "kr", "date": "2026-10-15"}, 403, "admin"},
		{"NotADate", "admin-token", map[string]any{"activity_id": id, "stage": "kr", "date": "15 okt"}, 400, "är inget datum"},
		{"UnknownField", "admin-token", map[string]any{"activity_id": id, "stage": "kr", "date": "2026-10-15", "by": "x"}, 400, "Skicka JSON"},
		{"OutOfOrder", "admin-token", map[string]any{"activity_id": id, "stage": "svn", "outcome": "bifall", "date": "2026-10-15"}, 400, "Steget bedömd i KR kommer först"},
		{"BadOutcome", "admin-token", map[string]any{"activity_id": id, "stage": "kr", "outcome": "bifall", "date": "2026-10-15"}, 400, "välj Tillstyrks"},
		{"NoSuchActivity", "admin-token", map[string]any{"activity_id": "A-00000000", "stage": "kr", "date": "2026-10-15"}, 404, "inget förslag med aktivitets-id A-00000000"},
		{"KR", "admin-token", map[string]any{"activity_id": id, "stage": "kr", "outcome": "Tillstyrks", "date": "2026-10-15", "note": "Stöds"}, 201, ""},
		{"Again", "admin-token", map[string]any{"activity_id": id, "stage": "kr", "outcome": "Tillstyrks", "date": "2026-10-15", "note": "Stöds"}, 200, ""},
		{"OtherKR", "admin-token", map[string]any{"activity_id": other, "stage": "kr", "date": "2026-10-15"}, 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := svc.postJSON(path, tt.token, tt.body)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if tt.wantStatus >= 400 {
				if _, msg := r.errorOf(t); !strings.Contains(msg, tt.wantMessage) {
					t.Errorf("message %q lacks %q", msg, tt.wantMessage)
				}
				return
			}
			var p api.Proposal
			r.json(t, &p)
			if p.Plan != name || p.Stage != "bedomd_kr" || len(p.Trail) != 1 || p.Trail[0].By != "anna" {
				t.Errorf("proposal %+v", p)
			}
		})
	}
	if !svc.audited("anna", "beslut") {
		t.Error("the decision is not in the audit log")
	}
	svc.decidedMu.Lock()
	if len(svc.decided) != 2 || svc.decided[0] != name {
		t.Errorf("DecisionsChanged got %v, want the plan twice (two changes)", svc.decided)
	}
	svc.decidedMu.Unlock()

	// The SVN working list, as the package has it, filled in and uploaded.
	book := svnWorkbook(t, svc)
	fill := func(set map[string]map[string]string) []byte {
		f, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(templates.WorkListSheet)
		col, rowOf := map[string]string{}, map[string]int{}
		for i, h := range rows[0] {
			col[h], _ = excelize.ColumnNumberToName(i + 1)
		}
		for r, row := range rows[1:] {
			for i, v := range row {
				if rows[0][i] == templates.WorkHeadActivityID {
					rowOf[v] = r + 2
				}
			}
		}
		for id, cells := range set {
			for h, v := range cells {
				f.SetCellValue(templates.WorkListSheet, col[h]+strconv.Itoa(rowOf[id]), v)
			}
		}
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	upload := func(token string, data []byte) response {
		body, ct := multipartBody(t, "file", "Overenskommelse.xlsx", data)
		return svc.do("POST", "/api/decisions/worklist", token, ct, body)
	}
	if r := upload("lasare-token", book); r.status != 403 {
		t.Errorf("reader upload: %d", r.status)
	}
	bad := fill(map[string]map[string]string{
		id:    {templates.WorkHeadAssessment: "Tillstyrks", templates.WorkHeadDecision: "Kanske"},
		other: {templates.WorkHeadAssessment: "Avstyrks"},
	})
	r = upload("admin-token", bad)
	var res api.WorkListResult
	r.json(t, &res)
	if r.status != 422 || res.OK || res.Applied != 0 || len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0].Location, "'Förslag till överenskommelse'!") ||
		!strings.Contains(res.Problems[0].Message, "Beslutet \"Kanske\" finns inte i listan") {
		t.Errorf("bad list: %d %+v", r.status, res)
	}
	good := fill(map[string]map[string]string{
		id:    {templates.WorkHeadAssessment: "Tillstyrks", templates.WorkHeadAssessedOn: "2026-11-05", templates.WorkHeadDecision: "Bifall", templates.WorkHeadDecidedOn: "2026-12-10"},
		other: {templates.WorkHeadAssessment: "Avstyrks", templates.WorkHeadAssessedOn: "2026-11-05", templates.WorkHeadNote: "Avvakta utredning"},
	})
	r = upload("admin-token", good)
	res = api.WorkListResult{}
	r.json(t, &res)
	if r.status != 200 || !res.OK || res.Applied != 3 || res.Rows != 2 {
		t.Errorf("good list: %d %+v", r.status, res)
	}
	r = svc.get(path, "lasare-token")
	list = nil
	r.json(t, &list)
	for _, p := range list {
		switch p.ActivityID {
		case id:
			if p.State != "Beslutad i SVN 10 december 2026: bifall" {
				t.Errorf("state of %s = %q", id, p.State)
			}
		case other:
			if p.State != "Beredd i RSL 5 november 2026: avstyrks" || p.Trail[1].Note != "Avvakta utredning" {
				t.Errorf("state of %s = %q %+v", other, p.State, p.Trail)
			}
		}
	}
	if r := svc.get("/api/plans/"+pathEscape("RPO Finns inte")+"/decisions", "lasare-token"); r.status != 404 {
		t.Errorf("unknown plan: %d", r.status)
	}
}

// svnWorkbook writes the SVN package's workbook from the service's store, as
// the publisher does.
func svnWorkbook(t *testing.T, svc *service) []byte {
	t.Helper()
	ctx := context.Background()
	latest, err := svc.store.LatestAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := report.Input{Catalog: &svc.cfg.Catalog, Meeting: time.Date(2026, 12, 10, 0, 0, 0, 0, time.Local), Generated: time.Now()}
	for _, v := range latest {
		in.Current = append(in.Current, report.Entry{Plan: v.Plan, Version: v.Number, SHA256: v.SHA256, Received: v.Received})
	}
	if in.Decisions, err = svc.store.AllDecisions(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := report.Build(report.Request{Audience: plan.AudienceSVN}, in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, rep, &svc.cfg.Catalog, workbook.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
