package api_test

import (
	"strings"
	"testing"
	"time"

	"handlingsplan/api"
)

// TestAdoptions adopts an uploaded plan through the API as an admin and lists
// it; every response is checked against openapi.json.
func TestAdoptions(t *testing.T) {
	svc := newService(t, setup{})
	smp := makeSamples(t, &svc.cfg.Catalog, 1)
	var rep struct {
		Submission struct{ Plan string } `json:"submission"`
	}
	for range 2 { // the same file twice is one version; that is enough
		r := svc.upload("inlamnare-token", smp.names[0], smp.files[smp.names[0]])
		if r.status != 201 && r.status != 200 {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
		r.json(t, &rep)
	}
	name := rep.Submission.Plan
	_, forum, ms, err := svc.cfg.AdoptionMeetings(name)
	if err != nil || len(ms) == 0 {
		t.Fatalf("meetings of %s: %v %v", name, ms, err)
	}
	meeting := ms[0].Date.Format(time.DateOnly)
	path := "/api/plans/" + pathEscape(name) + "/adoptions"

	tests := []struct {
		name        string
		token       string
		body        any
		wantStatus  int
		wantMessage string
	}{
		{"Anonymous", "", map[string]any{"meeting": meeting}, 401, ""},
		{"Reader", "lasare-token", map[string]any{"meeting": meeting}, 403, "admin"},
		{"Submitter", "inlamnare-token", map[string]any{"meeting": meeting}, 403, "admin"},
		{"NotADate", "admin-token", map[string]any{"meeting": "3 dec"}, 400, "är inget datum"},
		{"NoMeeting", "admin-token", map[string]any{"meeting": "2031-01-01"}, 400, "har inget möte 2031-01-01"},
		{"UnknownField", "admin-token", map[string]any{"meeting": meeting, "by": "någon"}, 400, "Skicka JSON"},
		{"NoSuchVersion", "admin-token", map[string]any{"meeting": meeting, "version": 7}, 404, "har ingen version 7"},
		{"Adopt", "admin-token", map[string]any{"meeting": meeting}, 201, ""},
		{"Again", "admin-token", map[string]any{"meeting": meeting, "version": 1}, 200, ""},
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
			var a api.Adoption
			r.json(t, &a)
			if a.Plan != name || a.Version != 1 || a.Forum != forum || a.Meeting != meeting || a.By != "anna" {
				t.Errorf("adoption %+v", a)
			}
		})
	}
	if !svc.audited("anna", "fastställande") {
		t.Error("the adoption is not in the audit log")
	}

	r := svc.get(path, "lasare-token")
	var list []api.Adoption
	r.json(t, &list)
	if r.status != 200 || len(list) != 1 || list[0].Meeting != meeting {
		t.Errorf("GET adoptions: %d %+v", r.status, list)
	}
	if r := svc.get("/api/plans/"+pathEscape("RPO Finns inte")+"/adoptions", "lasare-token"); r.status != 404 {
		t.Errorf("unknown plan: %d", r.status)
	}
	if svc.validated.Load() == 0 {
		t.Error("no response was checked against openapi.json")
	}
}
