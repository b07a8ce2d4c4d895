package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

const testAuth = `
auth:
  public_downloads: true
  users:   [{name: anna, role: admin, password: "` + testHash + `"},
            {name: Bertil, role: Inlamnare, password: "` + testHash + `"}]
  tokens:  [{name: skript-inlamning, role: inlämnare, sha256: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"}]
  oidc:    {issuer: "https://idp.example.se", client_id: handlingsplan,
            client_secret_file: hemligt/oidc-secret, roles_claim: roles,
            roles: {admin: [KR-sekreterare], inlämnare: [Planägare, Utvecklare], läsare: [Medarbetare]}}
  session: {idle_minutes: 30, max_hours: 8}
`

func TestAuth(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, append(mustRead(t, "../config.yaml"), testAuth...), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	a := c.Auth
	if !a.PublicDownloads || len(a.Users) != 2 || a.Users[1].Role != RoleSubmitter || a.Users[0].Password != testHash {
		t.Errorf("users = %+v", a.Users)
	}
	if len(a.Tokens) != 1 || a.Tokens[0].SHA256 != "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" || a.Tokens[0].Role != RoleSubmitter {
		t.Errorf("tokens = %+v", a.Tokens)
	}
	o := a.OIDC
	if o == nil || o.Issuer != "https://idp.example.se" || o.ClientID != "handlingsplan" || o.RolesClaim != "roles" {
		t.Fatalf("oidc = %+v", o)
	}
	if got, want := o.ClientSecretFile, filepath.Join(dir, "hemligt", "oidc-secret"); got != want {
		t.Errorf("client_secret_file = %q, want %q (relative to the config file)", got, want)
	}
	if got := o.Roles[RoleSubmitter]; len(got) != 2 || got[1] != "Utvecklare" {
		t.Errorf("roles = %v", o.Roles)
	}
	if a.SessionIdle != 30*time.Minute || a.SessionMax != 8*time.Hour {
		t.Errorf("session = %v, %v", a.SessionIdle, a.SessionMax)
	}

	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if d.Auth.OIDC != nil || d.Auth.PublicDownloads || d.Auth.SessionIdle != DefaultSessionIdle || d.Auth.SessionMax != DefaultSessionMax {
		t.Errorf("default auth = %+v", d.Auth)
	}
}

func TestAuthErrors(t *testing.T) {
	tests := []struct {
		name, edit, wantKey, wantMsg string
	}{
		{"UnknownKey", "auth: {users: [], groups: []}", "", "groups"},
		{"NoName", `auth: {users: [{role: admin, password: "` + testHash + `"}]}`, "auth.users[0].name", "namn saknas"},
		{"DuplicateName", `auth: {users: [{name: anna, role: admin, password: "` + testHash + `"}, {name: Anna, role: läsare, password: "` + testHash + `"}]}`, "auth.users[1].name", "finns redan"},
		{"BadRole", `auth: {users: [{name: anna, role: chef, password: "` + testHash + `"}]}`, "auth.users[0].role", "läsare, inlämnare eller admin"},
		{"PlainPassword", `auth: {users: [{name: anna, role: admin, password: hemligt}]}`, "auth.users[0].password", "hash-password"},
		{"HugeMemory", `auth: {users: [{name: anna, role: admin, password: "$argon2id$v=19$m=9999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"}]}`, "auth.users[0].password", "m=9999999"},
		{"ShortToken", `auth: {tokens: [{name: s, role: admin, sha256: abc}]}`, "auth.tokens[0].sha256", "64 hexadecimala"},
		{"TokenNameClash", `auth: {users: [{name: s, role: admin, password: "` + testHash + `"}], tokens: [{name: s, role: admin, sha256: "` + strings.Repeat("a", 64) + `"}]}`, "auth.tokens[0].name", "finns redan"},
		{"SameToken", `auth: {tokens: [{name: a, role: admin, sha256: "` + strings.Repeat("a", 64) + `"}, {name: b, role: admin, sha256: "` + strings.Repeat("A", 64) + `"}]}`, "auth.tokens[1].sha256", "samma token"},
		{"HTTPIssuer", `auth: {oidc: {issuer: "http://idp.example.se", client_id: x, roles: {admin: [a]}}}`, "auth.oidc.issuer", "https"},
		{"NoIssuer", `auth: {oidc: {client_id: x, roles: {admin: [a]}}}`, "auth.oidc.issuer", "https://"},
		{"NoClientID", `auth: {oidc: {issuer: "https://idp.example.se", roles: {admin: [a]}}}`, "auth.oidc.client_id", "saknas"},
		{"NoRoles", `auth: {oidc: {issuer: "https://idp.example.se", client_id: x}}`, "auth.oidc.roles", "saknas"},
		{"BadRoleKey", `auth: {oidc: {issuer: "https://idp.example.se", client_id: x, roles: {chef: [a]}}}`, "auth.oidc.roles.chef", "ingen roll"},
		{"EmptyRoleValue", `auth: {oidc: {issuer: "https://idp.example.se", client_id: x, roles: {admin: [""]}}}`, "auth.oidc.roles.admin[0]", "tomt"},
		{"BadRedirect", `auth: {oidc: {issuer: "https://idp.example.se", client_id: x, redirect_url: "/auth/callback", roles: {admin: [a]}}}`, "auth.oidc.redirect_url", "https://"},
		{"IdleTooLong", "auth: {session: {idle_minutes: 600, max_hours: 2}}", "auth.session.idle_minutes", "max_hours"},
		{"MaxOutOfRange", "auth: {session: {max_hours: 100000}}", "auth.session.max_hours", "1–720"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := string(mustRead(t, "../config.yaml")) + "\n" + tt.edit + "\n"
			_, err := Parse(strings.NewReader(src), "config.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			if tt.wantKey != "" {
				var ce *Error
				if !asError(err, &ce) || ce.Key != tt.wantKey {
					t.Errorf("got error %v, want key %s", err, tt.wantKey)
				}
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

func TestAuthLoopbackIssuer(t *testing.T) {
	src := string(mustRead(t, "../config.yaml")) + "\nauth: {oidc: {issuer: \"http://127.0.0.1:5556/\", client_id: x, roles: {läsare: [a]}}}\n"
	c, err := Parse(strings.NewReader(src), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Auth.OIDC.RolesClaim != "roles" {
		t.Errorf("roles_claim default = %q, want roles", c.Auth.OIDC.RolesClaim)
	}
}
