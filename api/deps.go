package api

import (
	"context"
	"io"

	"handlingsplan/build"
	"handlingsplan/inbox"
)

// The API's dependencies, as the small interfaces it uses, so that the real types
// (inbox.Inbox, build.Queue) satisfy them and tests run against those same
// types. Who sent a request comes from auth.FromContext: wrap the server's
// handler in auth.Service.Middleware.

// Uploader takes in one uploaded file through the inbox path (*inbox.Inbox).
type Uploader interface {
	Upload(ctx context.Context, name string, r io.Reader, submitter string) (inbox.FileResult, error)
}

// Builder queues package builds (*build.Queue).
type Builder interface {
	Submit(ctx context.Context, r build.Request) (runID int64, joined bool, err error)
	Progress(runID int64) (build.Progress, bool)
}

var _ Builder = (*build.Queue)(nil)
var _ Uploader = (*inbox.Inbox)(nil)
