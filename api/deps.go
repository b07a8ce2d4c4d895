package api

import (
	"context"
	"io"
	"net/http"

	"handlingsplan/build"
	"handlingsplan/inbox"
)

// The API's dependencies, as the small interfaces it uses, so that the real types
// (inbox.Inbox, build.Queue, the auth middleware) satisfy them and tests run
// against those same types.

// Uploader takes in one uploaded file through the inbox path (*inbox.Inbox).
type Uploader interface {
	Upload(ctx context.Context, name string, r io.Reader, submitter string) (inbox.FileResult, error)
}

// Builder queues package builds (*build.Queue).
type Builder interface {
	Submit(ctx context.Context, r build.Request) (runID int64, joined bool, err error)
	Progress(runID int64) (build.Progress, bool)
}

// Role is what a signed-in user may do; higher roles may all that lower ones may.
//
// PENDING(i7auth): until package auth is in main the API has its own roles and
// learns the user from Options.User; then it reads auth.FromContext.
type Role int

// The roles of SPEC §5.
const (
	RoleNone      Role = iota // not signed in
	RoleReader                // läsare: read and download
	RoleSubmitter             // inlämnare: also upload
	RoleAdmin                 // admin: also start runs
)

// String is the role's Swedish name.
func (r Role) String() string {
	switch r {
	case RoleReader:
		return "läsare"
	case RoleSubmitter:
		return "inlämnare"
	case RoleAdmin:
		return "admin"
	}
	return "ingen"
}

// User is who sent a request.
type User struct {
	Name string
	Role Role
}

// UserFunc tells who sent a request; ok is false when nobody is signed in.
type UserFunc func(r *http.Request) (u User, ok bool)

var _ Builder = (*build.Queue)(nil)
