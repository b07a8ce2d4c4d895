package main

// Stand-ins for the parts that other branches build to the contracts of the team
// brief (auth, the build queue, inbox.Upload). Each is replaced by the real type
// when it lands; they keep "serve" whole until then.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/config"
	"handlingsplan/inbox"
	"handlingsplan/output"
	"handlingsplan/plan"
	"handlingsplan/publish"
	"handlingsplan/web"
)

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// localUser is an account of the stand-in sign-in.
type localUser struct {
	password string
	role     web.Role
}

// localAuth signs in local accounts with sessions held in memory.
type localAuth struct {
	users  map[string]localUser
	secure bool
	mu     sync.Mutex
	sess   map[string]web.User
}

func newLocalAuth(users map[string]localUser, secure bool) *localAuth {
	return &localAuth{users: users, secure: secure, sess: map[string]web.User{}}
}

type userKey struct{}

const sessionCookie = "handlingsplan_session"

func (a *localAuth) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(sessionCookie); err == nil {
			a.mu.Lock()
			u, ok := a.sess[c.Value]
			a.mu.Unlock()
			if ok {
				r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (a *localAuth) User(ctx context.Context) (web.User, bool) {
	u, ok := ctx.Value(userKey{}).(web.User)
	return u, ok
}

func (a *localAuth) PasswordSignIn(w http.ResponseWriter, r *http.Request, name, password string) (web.User, error) {
	lu, ok := a.users[name]
	got, want := sha256.Sum256([]byte(password)), sha256.Sum256([]byte(lu.password))
	if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return web.User{}, apperr.New(apperr.Unauthorized, "Fel användarnamn eller lösenord.")
	}
	u := web.User{Name: name, Role: lu.role}
	tok := randomPassword() + randomPassword()
	a.mu.Lock()
	a.sess[tok] = u
	a.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: a.secure})
	return u, nil
}

func (a *localAuth) OIDCEnabled() bool { return false }

func (a *localAuth) BeginOIDC(w http.ResponseWriter, r *http.Request, returnTo string) {
	http.NotFound(w, r)
}

func (a *localAuth) FinishOIDC(w http.ResponseWriter, r *http.Request) (web.User, string, error) {
	return web.User{}, "", apperr.New(apperr.NotFound, "Inloggning med organisationens konto är inte påslagen.")
}

func (a *localAuth) SignOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		a.mu.Lock()
		delete(a.sess, c.Value)
		a.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: a.secure})
	return nil
}

// localQueue builds one request at a time with the publisher.
type localQueue struct {
	pub  *publish.Publisher
	log  *slog.Logger
	jobs chan queued

	mu       sync.Mutex
	next     int64
	progress map[int64]*web.Progress
	closed   bool
	done     chan struct{}
}

type queued struct {
	id  int64
	req web.RunRequest
}

func newLocalQueue(pub *publish.Publisher, log *slog.Logger) (*localQueue, error) {
	return &localQueue{pub: pub, log: log, jobs: make(chan queued, 64), next: 1_000_000,
		progress: map[int64]*web.Progress{}, done: make(chan struct{})}, nil
}

func (q *localQueue) Submit(ctx context.Context, r web.RunRequest) (int64, bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return 0, false, apperr.New(apperr.Unavailable, "Tjänsten håller på att stängas av; försök igen om en stund.")
	}
	q.next++
	id := q.next
	q.progress[id] = &web.Progress{}
	select {
	case q.jobs <- queued{id, r}:
	default:
		delete(q.progress, id)
		return 0, false, apperr.New(apperr.Unavailable, "Kön är full; försök igen om en stund.")
	}
	return id, false, nil
}

func (q *localQueue) Progress(id int64) (web.Progress, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p, ok := q.progress[id]
	if !ok {
		return web.Progress{}, false
	}
	return *p, true
}

func (q *localQueue) run(ctx context.Context) {
	defer close(q.done)
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-q.jobs:
			q.build(ctx, j)
		}
	}
}

func (q *localQueue) build(ctx context.Context, j queued) {
	defer func() {
		q.mu.Lock()
		delete(q.progress, j.id)
		q.mu.Unlock()
	}()
	ctx = context.WithoutCancel(ctx) // a started build finishes (within the grace period)
	var jobs []publish.Job
	var err error
	if j.req.Audience == "all" {
		jobs, err = q.pub.AllJobs(ctx)
	} else {
		var f *plan.Forum
		if j.req.Forum != "" {
			f, _ = q.pub.Config.Catalog.Forum(j.req.Forum)
		}
		jobs, err = q.pub.Jobs(ctx, plan.Audience(j.req.Audience), f, j.req.Plan, j.req.Meeting)
	}
	if err != nil {
		q.log.Error("build request", "err", err)
		return
	}
	q.mu.Lock()
	q.progress[j.id].Total = len(jobs)
	q.mu.Unlock()
	pub := *q.pub
	pub.Progress = func(p publish.Progress) {
		q.mu.Lock()
		q.progress[j.id].Done = p.Done
		q.progress[j.id].Current = p.Job.Name()
		q.mu.Unlock()
	}
	if _, err := pub.Run(ctx, jobs); err != nil {
		q.log.Error("build failed", "run", j.id, "err", err)
	}
}

func (q *localQueue) Close(ctx context.Context) error {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	select {
	case <-q.done:
	case <-ctx.Done():
	}
	return nil
}

// inboxUploader puts an upload into the inbox under a safe name and ingests it.
type inboxUploader struct {
	in  *inbox.Inbox
	max int64
}

func (u *inboxUploader) Upload(ctx context.Context, name string, r io.Reader, submitter string) (inbox.FileResult, error) {
	base := safeName(name)
	tmp, err := os.CreateTemp(u.in.Dir(), ".upload-*")
	if err != nil {
		return inbox.FileResult{}, err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(r, u.max+1))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return inbox.FileResult{}, err
	}
	if n > u.max {
		return inbox.FileResult{}, apperr.Newf(apperr.TooLarge, "%s är större än %d MB, som är gränsen för en fil.", base, u.max>>20)
	}
	old := time.Now().Add(-time.Hour) // counts as settled at once
	if err := os.Chtimes(tmp.Name(), old, old); err != nil {
		return inbox.FileResult{}, err
	}
	final := filepath.Join(u.in.Dir(), base)
	for i := 2; ; i++ {
		if _, err := os.Lstat(final); errors.Is(err, os.ErrNotExist) {
			break
		}
		ext := filepath.Ext(base)
		final = filepath.Join(u.in.Dir(), fmt.Sprintf("%s-%d%s", strings.TrimSuffix(base, ext), i, ext))
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return inbox.FileResult{}, err
	}
	sum, err := u.in.Ingest(ctx)
	for _, f := range sum.Files {
		if f.Name == filepath.Base(final) {
			if f.Outcome == inbox.OutcomeFailed {
				return f, f.Err
			}
			return f, nil
		}
	}
	if err != nil {
		return inbox.FileResult{}, err
	}
	return inbox.FileResult{}, apperr.New(apperr.Unavailable, "Filen väntar i inkorgen och behandlas strax.")
}

// cleanDebris removes what a killed process left: half-built packages, and uploads
// that never reached the inbox under their name.
func cleanDebris(cfg *config.Config, in *inbox.Inbox) error {
	if err := os.MkdirAll(cfg.OutputDir, 0o755); err != nil {
		return fmt.Errorf("utdatakatalogen kan inte skapas: %w", err)
	}
	if err := output.Recover(cfg.OutputDir); err != nil {
		return err
	}
	building, _ := filepath.Glob(filepath.Join(cfg.OutputDir, ".bygger-*"))
	for _, b := range building {
		os.RemoveAll(b)
	}
	tmps, _ := filepath.Glob(filepath.Join(in.Dir(), ".upload-*"))
	for _, t := range tmps {
		os.Remove(t)
	}
	return nil
}

// safeName keeps a user's file name as a label only: its last element, without
// separators or leading dots.
func safeName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.TrimLeft(name, ".~$ ")
	if name == "" || name == "/" {
		name = "inlamning"
	}
	return name
}

// idle reports whether nothing is queued or building.
func (q *localQueue) idle() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.progress) == 0
}
