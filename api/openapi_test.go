package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"handlingsplan/api"
)

// TestOpenAPIDocument checks that the served document is the embedded one, that it
// describes every route of the API and that the validator the other tests rely on
// does reject wrong responses, including the OpenAPI 3.1 forms (type arrays, null).
func TestOpenAPIDocument(t *testing.T) {
	svc := newService(t, setup{})
	r := svc.get("/api/openapi.json", "")
	if r.status != 200 || string(r.body) != string(api.OpenAPI) {
		t.Fatalf("GET /api/openapi.json: %d, %d bytes", r.status, len(r.body))
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	var described []string
	for path, ops := range doc.Paths {
		for method := range ops {
			described = append(described, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(described)
	routes := slices.Sorted(slices.Values(api.Routes()))
	if !slices.Equal(described, routes) {
		t.Errorf("openapi.json describes\n  %v\nthe API serves\n  %v", described, routes)
	}

	for _, tt := range []struct {
		name, method, path string
		status             int
		body               string
	}{
		{"run status outside the enum", "GET", "/api/runs/1", 200,
			`{"id":1,"audience":"kr","forum":"","plan":"","meeting":"","reason":"","by":"","status":"running","joined":false,"started":null,"finished":null,"error":"","progress":null,"packages":[]}`},
		{"started neither time nor null", "GET", "/api/runs/1", 200,
			`{"id":1,"audience":"kr","forum":"","plan":"","meeting":"","reason":"","by":"","status":"klar","joined":false,"started":5,"finished":null,"error":"","progress":null,"packages":[]}`},
		{"error without message", "GET", "/api/plans", 401, `{"error":{"code":"unauthorized"}}`},
		{"plan neither object nor null", "POST", "/api/submissions", 201,
			`{"file":"a.xlsx","ok":true,"format":"xlsx","plan":"x","problems":[],"submission":{"id":1,"sha256":"` + strings.Repeat("a", 64) + `","size":1,"received":"2026-12-01T10:00:00Z","outcome":"new_version","plan":"","version":1}}`},
		{"undocumented status", "GET", "/api/plans", 418, `{}`},
		{"unknown field", "GET", "/api/plans", 200, `[{"name":"x","kind":"RPO","forum":"","versions":1,"extra":1,"latest":{"number":1,"sha256":"","submission_id":0,"received":"2026-12-01T10:00:00Z","updated":"","areas":0,"activities":0,"status":{"gron":0,"gul":0,"rod":0,"avslutad":0}}}]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, svc.url+tt.path, nil)
			h := http.Header{"Content-Type": {"application/json; charset=utf-8"}, "Www-Authenticate": {"Bearer"}}
			if err := svc.validate(req, response{status: tt.status, header: h, body: []byte(tt.body)}); err == nil {
				t.Error("the validator accepted a response that openapi.json does not allow")
			}
		})
	}
}
