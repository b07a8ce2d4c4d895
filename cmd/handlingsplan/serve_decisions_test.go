package main

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/generator/workbook"
	"handlingsplan/plan"
	"handlingsplan/report"
	"handlingsplan/templates"
)

// TestServeDecisions records steps of a proposal's trail on the Beslut page as
// an admin, with the error next to the form, and uploads the SVN working list,
// bad (the cells in the report, nothing applied) and good.
func TestServeDecisions(t *testing.T) {
	srv := testServer(t, false)
	admin := newClient(t, srv.URL)
	admin.signIn("adam", "admin-lösen")
	reader := newClient(t, srv.URL)
	reader.signIn("lasse", "lasare-lösen")
	submitter := newClient(t, srv.URL)
	submitter.signIn("ingrid", "inlamnare-lösen")
	name, data := samplePlan(t, srv.cfg, "Hjärt- och kärl", nil)
	if code, body := submitter.upload(map[string][]byte{name: data}); code != http.StatusOK {
		t.Fatalf("upload: %d\n%s", code, body)
	}
	const planName = "RPO Hjärt- och kärlsjukdomar"
	v, err := srv.st.Latest(t.Context(), planName)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, aa := range v.Plan.Activities() {
		if aa.Activity.Impact != plan.ImpactNone {
			ids = append(ids, aa.Activity.ID)
		}
	}
	if len(ids) < 2 {
		t.Fatalf("sample plan has %d proposals", len(ids))
	}
	id, other := ids[0], ids[1]

	code, body := reader.get("/beslut")
	if code != http.StatusOK {
		t.Fatalf("Beslut as reader: %d", code)
	}
	mustContain(t, body, `aria-current="page">Beslut</a>`, planName, "Föreslagen", id)
	if strings.Contains(body, `name="steg"`) || strings.Contains(body, `name="lista"`) {
		t.Errorf("a reader sees the forms")
	}
	if code, _, _ := reader.postForm("/beslut", url.Values{"plan": {planName}, "aktivitet": {id}, "steg": {"kr"}, "datum": {"2026-10-15"}}); code != http.StatusForbidden {
		t.Errorf("reader post: %d", code)
	}
	_, body = admin.get("/beslut")
	mustContain(t, body, `<label for="steg-`+id+`">Steg</label>`, `<option value="bedomd_kr" selected>Bedömd i KR</option>`, `name="lista"`)

	code, body, _ = admin.postForm("/beslut", url.Values{"plan": {planName}, "aktivitet": {id}, "steg": {"svn"}, "utfall": {"bifall"}, "datum": {"2026-12-10"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("out of order: %d", code)
	}
	mustContain(t, body, `id="fel-`+id+`"`, "Steget bedömd i KR kommer först", "<details open>", `role="alert"`, `href="#f-`+id+`"`,
		`<option value="beslutad_svn" selected>`, `<option value="bifall" selected>`, `value="2026-12-10"`)

	for _, step := range []url.Values{
		{"steg": {"bedomd_kr"}, "utfall": {"tillstyrks"}, "datum": {"2026-10-15"}, "anteckning": {"Kunskapsrådet stöder"}},
		{"steg": {"beredd_rsl"}, "utfall": {"tillstyrks"}, "datum": {"2026-11-05"}},
	} {
		step.Set("plan", planName)
		step.Set("aktivitet", id)
		code, _, h := admin.postForm("/beslut", step)
		if code != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "#f-"+id) {
			t.Fatalf("record %v: %d %v", step, code, h)
		}
	}
	_, body = admin.get("/beslut?registrerat=" + id)
	mustContain(t, body, "Steget är registrerat.", "Beredd i RSL 5 november 2026: tillstyrks",
		"Bedömd i KR 15 oktober 2026: Tillstyrks – Kunskapsrådet stöder", `<option value="beslutad_svn" selected>`)

	book := svnBook(t, srv)
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
		buf, _ := f.WriteToBuffer()
		return buf.Bytes()
	}
	post := func(data []byte) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("lista", "Overenskommelse.xlsx")
		fw.Write(data)
		mw.Close()
		code, body, _ := admin.do(http.MethodPost, "/beslut/arbetslista", &buf, mw.FormDataContentType())
		return code, body
	}
	code, body = post(fill(map[string]map[string]string{
		id:    {templates.WorkHeadDecision: "Godkänd"},
		other: {templates.WorkHeadAssessment: "Tillstyrks"}, // KR first
	}))
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad list: %d", code)
	}
	mustContain(t, body, "inga beslut registrerades", "&#39;Förslag till överenskommelse&#39;!L", "Beslutet &#34;Godkänd&#34; finns inte i listan")
	code, body = post(fill(map[string]map[string]string{id: {templates.WorkHeadDecision: "Bordlagd", templates.WorkHeadDecidedOn: "2026-12-10", templates.WorkHeadNote: "Åter i februari"}}))
	if code != http.StatusOK {
		t.Fatalf("good list: %d\n%s", code, body)
	}
	mustContain(t, body, "1 steg registrerat ur 1 ifylld rad", "Beslutad i SVN 10 december 2026: bordlagd")
	code, _ = post([]byte("inte en arbetsbok"))
	if code != http.StatusUnprocessableEntity {
		t.Errorf("garbage: %d", code)
	}
	log, _ := srv.st.AuditLog(t.Context(), 5)
	if len(log) == 0 || log[0].Action != "beslut" || log[0].Actor != "adam" {
		t.Errorf("audit: %+v", log)
	}
}

// svnBook writes the SVN package's workbook from the service's store.
func svnBook(t *testing.T, srv *server) []byte {
	t.Helper()
	ctx := context.Background()
	latest, err := srv.st.LatestAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := report.Input{Catalog: &srv.cfg.Catalog, Meeting: time.Date(2026, 12, 10, 0, 0, 0, 0, time.Local), Generated: time.Now()}
	for _, v := range latest {
		in.Current = append(in.Current, report.Entry{Plan: v.Plan, Version: v.Number, SHA256: v.SHA256, Received: v.Received})
	}
	if in.Decisions, err = srv.st.AllDecisions(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := report.Build(report.Request{Audience: plan.AudienceSVN}, in)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, rep, &srv.cfg.Catalog, workbook.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// filledList sets the first proposal's cells of the working list, by heading.
func filledList(t *testing.T, book []byte, set map[string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(templates.WorkListSheet)
	for i, h := range rows[0] {
		if v, ok := set[h]; ok {
			c, _ := excelize.ColumnNumberToName(i + 1)
			f.SetCellValue(templates.WorkListSheet, c+"2", v)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
