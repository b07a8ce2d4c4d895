package main

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handlingsplan/config"
	"handlingsplan/plan"
)

// TestServeFaststall adopts a plan on its web page as an admin: the form, its
// errors next to the fields, the history after, and the refusals.
func TestServeFaststall(t *testing.T) {
	srv := testServer(t, false)
	admin := newClient(t, srv.URL)
	admin.signIn("adam", "admin-lösen")
	reader := newClient(t, srv.URL)
	reader.signIn("lasse", "lasare-lösen")
	submitter := newClient(t, srv.URL)
	submitter.signIn("ingrid", "inlamnare-lösen")
	for i := range 2 {
		name, data := samplePlan(t, srv.cfg, "Hjärt- och kärl", func(p *plan.Plan) { p.Contact = strings.Repeat("x", i+1) })
		if code, body := submitter.upload(map[string][]byte{name: data}); code != http.StatusOK {
			t.Fatalf("upload %d: %d\n%s", i, code, body)
		}
	}
	page := "/planer/" + url.PathEscape("RPO Hjärt- och kärlsjukdomar")

	code, body := admin.get(page)
	if code != http.StatusOK {
		t.Fatalf("plan page: %d", code)
	}
	mustContain(t, body, "Ingen version av planen har fastställts ännu.", `<label for="mote">Möte</label>`,
		`<option value="2026-12-03"`, "3 december 2026", `<option value="2" selected>2, senaste`, "Fastställ</button>")
	if _, body := reader.get(page); strings.Contains(body, `name="mote"`) {
		t.Errorf("a reader sees the Fastställ form")
	}

	t.Run("Refused", func(t *testing.T) {
		for _, c := range []*client{reader, submitter} {
			if code, _, _ := c.postForm(page+"/faststall", url.Values{"mote": {"2026-12-03"}}); code != http.StatusForbidden {
				t.Errorf("non-admin post: %d, want 403", code)
			}
		}
	})

	t.Run("BadMeeting", func(t *testing.T) {
		code, body, _ := admin.postForm(page+"/faststall", url.Values{"mote": {"2026-12-04"}, "version": {"1"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad meeting: %d", code)
		}
		mustContain(t, body, `aria-describedby="mote-fel"`, `id="mote-fel"`, "har inget möte 2026-12-04", `<option value="1" selected>`)
		code, body, _ = admin.postForm(page+"/faststall", url.Values{"mote": {"tisdag"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Välj mötet") {
			t.Errorf("no date: %d", code)
		}
		code, body, _ = admin.postForm(page+"/faststall", url.Values{"mote": {"2026-12-03"}, "version": {"9"}})
		if code != http.StatusNotFound || !strings.Contains(body, `id="version-fel"`) || !strings.Contains(body, "har ingen version 9") {
			t.Errorf("version 9: %d\n%s", code, body)
		}
	})

	t.Run("Adopt", func(t *testing.T) {
		code, _, h := admin.postForm(page+"/faststall", url.Values{"mote": {"2026-12-03"}, "version": {"1"}})
		if code != http.StatusSeeOther {
			t.Fatalf("adopt: %d", code)
		}
		code, body := admin.get(h.Get("Location"))
		if code != http.StatusOK {
			t.Fatalf("after adopt: %d", code)
		}
		mustContain(t, body, "Version 1 är registrerad som fastställd.",
			"Fastställd av Kunskapsråd Medicin vid mötet 3 december 2026, version 1", "registrerat av adam")
		log, err := srv.st.AuditLog(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) == 0 || log[0].Action != "fastställande" || log[0].Actor != "adam" {
			t.Errorf("audit log: %+v", log)
		}
	})

	t.Run("FilledTemplate", func(t *testing.T) {
		if _, body := reader.get(page); !strings.Contains(body, `/mall.xlsx" download>Hämta planen som förifylld Excel-mall</a>`) {
			t.Errorf("no link to the pre-filled template")
		}
		code, body, h := reader.do(http.MethodGet, page+"/mall.xlsx", nil, "")
		if code != http.StatusOK || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
			t.Fatalf("mall.xlsx: %d %v", code, h)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		found := false
		for _, sh := range f.GetSheetList() {
			rows, _ := f.GetRows(sh)
			for _, r := range rows {
				for _, c := range r {
					if c == "Aktivitets-id" {
						found = true
					}
				}
			}
		}
		if !found {
			t.Errorf("the template has no Aktivitets-id column")
		}
		if _, body := reader.get(page); !strings.Contains(body, `/mall.pptx" download>som förifylld PowerPoint-mall</a>`) {
			t.Errorf("no link to the pre-filled PowerPoint template")
		}
		code, body, h = reader.do(http.MethodGet, page+"/mall.pptx", nil, "")
		if code != http.StatusOK || !strings.Contains(h.Get("Content-Disposition"), ".pptx") || !strings.Contains(slideText(t, []byte(body)), "Aktivitets-id: A-") {
			t.Errorf("mall.pptx: %d %v", code, h)
		}
		if code, _ := reader.get("/planer/" + url.PathEscape("RSG Patientsäkerhet") + "/mall.xlsx"); code != http.StatusNotFound {
			t.Errorf("template of a plan without versions: %d", code)
		}
		anon := newClient(t, srv.URL)
		if code, _ := anon.get(page + "/mall.xlsx"); code != http.StatusUnauthorized {
			t.Errorf("anonymous: %d", code)
		}
	})
}

// TestServeReminders lists the reminders due on Körningar for admins, with a
// mail link where the contact is known.
func TestServeReminders(t *testing.T) {
	today := time.Now()
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.Local)
	srv := testServerWith(t, false, func(cfg *config.Config) {
		cfg.Meetings = append(cfg.Meetings, config.Meeting{Audience: plan.AudienceKR, Forum: "Kunskapsråd Medicin",
			Date: day.AddDate(0, 0, 6), Deadline: day.AddDate(0, 0, 1)})
		if cfg.Contacts == nil {
			cfg.Contacts = map[string]string{}
		}
		cfg.Contacts["RPO Hjärt- och kärlsjukdomar"] = "hanna.hjarta@example.se"
	})
	admin := newClient(t, srv.URL)
	admin.signIn("adam", "admin-lösen")
	reader := newClient(t, srv.URL)
	reader.signIn("lasse", "lasare-lösen")

	code, body := admin.get("/korningar")
	if code != http.StatusOK {
		t.Fatalf("körningar: %d", code)
	}
	mustContain(t, body, `<h2 id="paminnelser">Påminnelser</h2>`, "<strong>RPO Hjärt- och kärlsjukdomar</strong> (saknas)",
		`href="mailto:hanna.hjarta@example.se?subject=`, "Skriv påminnelse till hanna.hjarta@example.se", "ingen e-postadress känd")
	if _, body := reader.get("/korningar"); strings.Contains(body, "Påminnelser") {
		t.Errorf("a reader sees the reminders")
	}
}
