package auth

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"handlingsplan/apperr"
)

// Swedish messages of a failed password sign-in.
const (
	msgWrongPassword = "Fel användarnamn eller lösenord."
	msgNoCredentials = "Ange användarnamn och lösenord."
)

// maxPassword bounds what is hashed; nobody types more.
const maxPassword = 1024

// PasswordSignIn checks a local account's password and starts a session (the
// cookie is set on w). A wrong name or password gives apperr.Unauthorized with
// one Swedish message for both, so that it does not tell which names exist;
// repeated failures for a name or from an address are refused for a while
// without checking the password.
func (s *Service) PasswordSignIn(w http.ResponseWriter, r *http.Request, name, pw string) (User, error) {
	ctx := r.Context()
	name = strings.TrimSpace(name)
	ip := clientIP(r)
	from := "från " + ip
	if name == "" || pw == "" {
		return User{}, apperr.New(apperr.Unauthorized, msgNoCredentials)
	}
	if wait := s.limit.blocked(name, ip, s.now()); wait > 0 {
		s.audit(ctx, name, "inloggning nekad", MethodLocal, "för många misslyckade försök, "+from)
		return User{}, apperr.Newf(apperr.Unauthorized,
			"För många misslyckade inloggningar. Vänta %s och försök igen.", minutes(wait))
	}
	lu, known := s.users[strings.ToLower(name)]
	hash := s.dummy
	if known {
		hash = lu.hash
	}
	select {
	case s.argon <- struct{}{}:
	case <-ctx.Done():
		return User{}, apperr.Wrap(apperr.Unavailable, "Inloggningen avbröts. Försök igen.", "auth.PasswordSignIn", ctx.Err())
	}
	ok := len(pw) <= maxPassword && hash.Verify(pw)
	<-s.argon
	if !ok || !known {
		s.limit.fail(name, ip, s.now())
		reason := "fel lösenord"
		if !known {
			reason = "okänt användarnamn"
		}
		s.audit(ctx, name, "inloggning nekad", MethodLocal, reason+", "+from)
		return User{}, apperr.New(apperr.Unauthorized, msgWrongPassword)
	}
	s.limit.succeed(name)
	u := User{Name: lu.name, Role: lu.role, Method: MethodLocal}
	if err := s.startSession(w, r, u); err != nil {
		return User{}, err
	}
	s.audit(ctx, u.Name, "inloggning", MethodLocal, from)
	return u, nil
}

func minutes(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	if m <= 1 {
		return "en minut"
	}
	return fmt.Sprintf("%d minuter", m)
}

// Failed sign-ins allowed within failWindow before further attempts are refused
// until the window has passed: few per name (guessing one password), more per
// address (several people behind one NAT).
const (
	failWindow = 15 * time.Minute
	maxPerName = 5
	maxPerIP   = 20
	maxTracked = 10000 // bounds the limiter's memory under a flood of names
	namePrefix = "n:"
	addrPrefix = "a:"
)

// limiter counts failed sign-ins in memory (a restart forgets them, which is fine).
type limiter struct {
	mu sync.Mutex
	m  map[string]*failures
}

type failures struct {
	n     int
	start time.Time
}

func newLimiter() *limiter { return &limiter{m: map[string]*failures{}} }

// blocked returns how long the name or address must wait, 0 when it may try.
func (l *limiter) blocked(name, ip string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range []struct {
		key string
		max int
	}{{namePrefix + strings.ToLower(name), maxPerName}, {addrPrefix + ip, maxPerIP}} {
		f := l.m[k.key]
		if f == nil {
			continue
		}
		if end := f.start.Add(failWindow); !now.Before(end) {
			delete(l.m, k.key)
		} else if f.n >= k.max {
			wait = max(wait, end.Sub(now))
		}
	}
	return wait
}

func (l *limiter) fail(name, ip string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.m) >= maxTracked {
		for k, f := range l.m {
			if !now.Before(f.start.Add(failWindow)) {
				delete(l.m, k)
			}
		}
		for k := range l.m { // still full: forget arbitrary entries
			if len(l.m) < maxTracked {
				break
			}
			delete(l.m, k)
		}
	}
	for _, key := range []string{namePrefix + strings.ToLower(name), addrPrefix + ip} {
		f := l.m[key]
		if f == nil || !now.Before(f.start.Add(failWindow)) {
			f = &failures{start: now}
			l.m[key] = f
		}
		f.n++
	}
}

// succeed forgets a name's failures; the address keeps its count.
func (l *limiter) succeed(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, namePrefix+strings.ToLower(name))
}
