package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	"handlingsplan/auth/password"
)

// Role names as written in config.yaml, lowest first.
const (
	RoleReader    = "läsare"
	RoleSubmitter = "inlämnare"
	RoleAdmin     = "admin"
)

// Auth is the access configuration (the auth: key of SPEC §5).
type Auth struct {
	PublicDownloads bool
	Users           []AuthUser
	Tokens          []AuthToken
	OIDC            *OIDC // nil when sign-in with OpenID Connect is not configured

	// SessionIdle ends a session that has not been used for this long;
	// SessionMax ends any session this long after sign-in.
	SessionIdle time.Duration
	SessionMax  time.Duration
}

// AuthUser is a local account.
type AuthUser struct {
	Name     string
	Role     string // RoleReader, RoleSubmitter or RoleAdmin
	Password string // argon2id PHC string, checked by password.Parse
}

// AuthToken is an API token for scripts; only its sha256 is configured.
type AuthToken struct {
	Name   string
	Role   string
	SHA256 string // lower-case hex
}

// OIDC is the identity provider to sign in with.
type OIDC struct {
	Issuer           string
	ClientID         string
	ClientSecretFile string              // empty for a public client (PKCE only); relative to the config file
	RedirectURL      string              // empty: the service's base URL + /auth/callback
	RolesClaim       string              // the ID token claim with the user's groups or roles; a dotted path descends into objects
	Roles            map[string][]string // role name → claim values that give it
}

// Session lifetimes when config.yaml gives none.
const (
	DefaultSessionIdle = 2 * time.Hour
	DefaultSessionMax  = 12 * time.Hour
)

type authFile struct {
	PublicDownloads bool `yaml:"public_downloads"`
	Users           []struct {
		Name     string `yaml:"name"`
		Role     string `yaml:"role"`
		Password string `yaml:"password"`
	} `yaml:"users"`
	Tokens []struct {
		Name   string `yaml:"name"`
		Role   string `yaml:"role"`
		SHA256 string `yaml:"sha256"`
	} `yaml:"tokens"`
	OIDC *struct {
		Issuer           string              `yaml:"issuer"`
		ClientID         string              `yaml:"client_id"`
		ClientSecretFile string              `yaml:"client_secret_file"`
		RedirectURL      string              `yaml:"redirect_url"`
		RolesClaim       string              `yaml:"roles_claim"`
		Roles            map[string][]string `yaml:"roles"`
	} `yaml:"oidc"`
	Session struct {
		IdleMinutes *int `yaml:"idle_minutes"`
		MaxHours    *int `yaml:"max_hours"`
	} `yaml:"session"`
}

// ParseRoleName returns the canonical name of a role as written in config.yaml
// (case and å/ä/ö-less spellings are accepted: "Inlamnare").
func ParseRoleName(s string) (string, bool) {
	switch strings.NewReplacer("ä", "a", "å", "a").Replace(strings.ToLower(strings.TrimSpace(s))) {
	case "lasare":
		return RoleReader, true
	case "inlamnare":
		return RoleSubmitter, true
	case "admin":
		return RoleAdmin, true
	}
	return "", false
}

var hexSHA256 = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

type failFunc func(key, format string, args ...any) error

func parseAuth(f authFile, fail failFunc) (Auth, error) {
	a := Auth{PublicDownloads: f.PublicDownloads, SessionIdle: DefaultSessionIdle, SessionMax: DefaultSessionMax}
	role := func(key, s string) (string, error) {
		r, ok := ParseRoleName(s)
		if !ok {
			return "", fail(key, "%q är ingen roll; använd läsare, inlämnare eller admin", s)
		}
		return r, nil
	}
	names := map[string]string{} // folded name → key that has it
	name := func(key, s string) (string, error) {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			return "", fail(key, "namn saknas")
		case len(s) > 64:
			return "", fail(key, "namnet är längre än 64 tecken")
		case strings.IndexFunc(s, unicode.IsControl) >= 0:
			return "", fail(key, "namnet innehåller styrtecken")
		}
		if other, dup := names[strings.ToLower(s)]; dup {
			return "", fail(key, "%q finns redan (%s)", s, other)
		}
		names[strings.ToLower(s)] = key
		return s, nil
	}
	for i, u := range f.Users {
		key := fmt.Sprintf("auth.users[%d]", i)
		var au AuthUser
		var err error
		if au.Name, err = name(key+".name", u.Name); err != nil {
			return a, err
		}
		if au.Role, err = role(key+".role", u.Role); err != nil {
			return a, err
		}
		if _, err := password.Parse(u.Password); err != nil {
			return a, fail(key+".password", "%v; skapa hashen med: handlingsplan hash-password", err)
		}
		au.Password = u.Password
		a.Users = append(a.Users, au)
	}
	hashes := map[string]string{}
	for i, t := range f.Tokens {
		key := fmt.Sprintf("auth.tokens[%d]", i)
		var at AuthToken
		var err error
		if at.Name, err = name(key+".name", t.Name); err != nil {
			return a, err
		}
		if at.Role, err = role(key+".role", t.Role); err != nil {
			return a, err
		}
		if !hexSHA256.MatchString(t.SHA256) {
			return a, fail(key+".sha256", "ska vara 64 hexadecimala tecken (sha256 av token), t.ex. från: printf %%s \"$TOKEN\" | sha256sum")
		}
		at.SHA256 = strings.ToLower(t.SHA256)
		if other, dup := hashes[at.SHA256]; dup {
			return a, fail(key+".sha256", "samma token som %s", other)
		}
		hashes[at.SHA256] = key
		a.Tokens = append(a.Tokens, at)
	}
	if o := f.OIDC; o != nil {
		c := &OIDC{Issuer: strings.TrimSpace(o.Issuer), ClientID: strings.TrimSpace(o.ClientID),
			ClientSecretFile: strings.TrimSpace(o.ClientSecretFile), RedirectURL: strings.TrimSpace(o.RedirectURL),
			RolesClaim: strings.TrimSpace(o.RolesClaim), Roles: map[string][]string{}}
		if err := checkURL(c.Issuer); err != nil {
			return a, fail("auth.oidc.issuer", "%q: %v", o.Issuer, err)
		}
		if c.ClientID == "" {
			return a, fail("auth.oidc.client_id", "saknas; ange klient-id:t som identitetsleverantören gav tjänsten")
		}
		if c.RedirectURL != "" {
			if err := checkURL(c.RedirectURL); err != nil {
				return a, fail("auth.oidc.redirect_url", "%q: %v", o.RedirectURL, err)
			}
		}
		if c.RolesClaim == "" {
			c.RolesClaim = "roles"
		}
		if len(o.Roles) == 0 {
			return a, fail("auth.oidc.roles", "saknas; ange vilka värden i %q som ger rollerna admin, inlämnare och läsare", c.RolesClaim)
		}
		for k, vals := range o.Roles {
			key := "auth.oidc.roles." + k
			r, err := role(key, k)
			if err != nil {
				return a, err
			}
			if _, dup := c.Roles[r]; dup {
				return a, fail(key, "rollen %s står två gånger", r)
			}
			if len(vals) == 0 {
				return a, fail(key, "inga värden; ange minst en grupp eller roll från identitetsleverantören")
			}
			for j, v := range vals {
				if strings.TrimSpace(v) == "" {
					return a, fail(fmt.Sprintf("%s[%d]", key, j), "tomt värde")
				}
				c.Roles[r] = append(c.Roles[r], strings.TrimSpace(v))
			}
		}
		a.OIDC = c
	}
	if m := f.Session.IdleMinutes; m != nil {
		if *m < 1 || *m > 7*24*60 {
			return a, fail("auth.session.idle_minutes", "%d ligger utanför 1–10080", *m)
		}
		a.SessionIdle = time.Duration(*m) * time.Minute
	}
	if h := f.Session.MaxHours; h != nil {
		if *h < 1 || *h > 30*24 {
			return a, fail("auth.session.max_hours", "%d ligger utanför 1–720", *h)
		}
		a.SessionMax = time.Duration(*h) * time.Hour
	}
	if a.SessionIdle > a.SessionMax {
		return a, fail("auth.session.idle_minutes", "är längre än max_hours")
	}
	return a, nil
}

// checkURL accepts https URLs, and http only on the loopback (tests, development).
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("är ingen adress på formen https://värd/sökväg")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		h := u.Hostname()
		if ip := net.ParseIP(h); h == "localhost" || (ip != nil && ip.IsLoopback()) {
			return nil
		}
		return fmt.Errorf("http är bara tillåtet mot den egna datorn; använd https")
	}
	return fmt.Errorf("använd https")
}
