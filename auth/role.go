package auth

import (
	"context"

	"handlingsplan/apperr"
	"handlingsplan/config"
)

// Role is what a user may do; a higher role may do all that a lower one may.
// The zero Role is no role at all.
type Role int

// The roles of SPEC §5, lowest first.
const (
	Reader    Role = iota + 1 // läsare: read and download
	Submitter                 // inlämnare: also upload
	Admin                     // admin: also runs and governance
)

// String returns the Swedish name, as in config.yaml.
func (r Role) String() string {
	switch r {
	case Reader:
		return config.RoleReader
	case Submitter:
		return config.RoleSubmitter
	case Admin:
		return config.RoleAdmin
	}
	return "ingen roll"
}

// ParseRole reads a role name as config.yaml writes it ("läsare", "inlämnare",
// "admin"; case and spellings without å/ä are accepted).
func ParseRole(s string) (Role, bool) {
	switch n, _ := config.ParseRoleName(s); n {
	case config.RoleReader:
		return Reader, true
	case config.RoleSubmitter:
		return Submitter, true
	case config.RoleAdmin:
		return Admin, true
	}
	return 0, false
}

// Sign-in methods, as User.Method and in the audit log.
const (
	MethodLocal = "lokal"
	MethodOIDC  = "oidc"
	MethodToken = "token"
)

// User is who a request comes from.
type User struct {
	Name   string
	Role   Role
	Method string // MethodLocal, MethodOIDC or MethodToken
}

type ctxKey struct{}

// WithUser returns ctx carrying u.
func WithUser(ctx context.Context, u User) context.Context {
	return context.WithValue(ctx, ctxKey{}, u)
}

// FromContext returns the user that Middleware (or WithUser) put in ctx.
func FromContext(ctx context.Context) (User, bool) {
	u, ok := ctx.Value(ctxKey{}).(User)
	return u, ok && u.Role > 0
}

// Require returns the user of ctx when their role is at least need:
// apperr.Unauthorized when nobody is signed in, apperr.Forbidden when the role
// is too low. The messages are Swedish and fit both the web page and the API.
func Require(ctx context.Context, need Role) (User, error) {
	u, ok := FromContext(ctx)
	if !ok {
		return User{}, apperr.New(apperr.Unauthorized, "Du behöver logga in först.")
	}
	if u.Role < need {
		return u, apperr.Newf(apperr.Forbidden, "Det här kräver rollen %s; du har rollen %s.", need, u.Role)
	}
	return u, nil
}
