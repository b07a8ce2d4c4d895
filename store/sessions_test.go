package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"handlingsplan/store"
)

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	se := store.Session{Hash: "h1", User: "anna", Role: "admin", Method: "lokal", Created: t0,
		IdleUntil: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour)}

	t.Run("OK", func(t *testing.T) {
		if err := s.CreateSession(ctx, se); err != nil {
			t.Fatal(err)
		}
		got, err := s.SessionByHash(ctx, "h1")
		if err != nil {
			t.Fatal(err)
		}
		if got != se {
			t.Errorf("got %+v, want %+v", got, se)
		}
	})
	t.Run("DuplicateHash", func(t *testing.T) {
		if err := s.CreateSession(ctx, se); err == nil {
			t.Error("a second session with the same hash was stored")
		}
	})
	t.Run("TouchStopsAtUntil", func(t *testing.T) {
		if err := s.TouchSession(ctx, "h1", t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, _ := s.SessionByHash(ctx, "h1")
		if !got.IdleUntil.Equal(t0.Add(2 * time.Hour)) {
			t.Errorf("idle until = %v", got.IdleUntil)
		}
		s.TouchSession(ctx, "h1", t0.Add(10*time.Hour))
		got, _ = s.SessionByHash(ctx, "h1")
		if !got.IdleUntil.Equal(se.Until) {
			t.Errorf("idle until = %v, want capped at %v", got.IdleUntil, se.Until)
		}
	})
	t.Run("DeleteExpired", func(t *testing.T) {
		s.CreateSession(ctx, store.Session{Hash: "idle", User: "b", Role: "läsare", Method: "oidc", Created: t0,
			IdleUntil: t0.Add(time.Minute), Until: t0.Add(3 * time.Hour)})
		s.AddOIDCLogin(ctx, store.OIDCLogin{Hash: "l-old", State: "s", Until: t0.Add(time.Minute)})
		n, err := s.DeleteExpired(ctx, t0.Add(2*time.Minute))
		if err != nil || n != 2 {
			t.Errorf("DeleteExpired = %d, %v; want the idle session and the old login", n, err)
		}
		if _, err := s.SessionByHash(ctx, "h1"); err != nil {
			t.Errorf("live session went: %v", err)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if err := s.DeleteSession(ctx, "h1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, "h1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after delete: %v, want ErrNotFound", err)
		}
		if err := s.DeleteSession(ctx, "h1"); err != nil {
			t.Errorf("deleting twice: %v", err)
		}
	})
}

func TestOIDCLogins(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	l := store.OIDCLogin{Hash: "l1", State: "st", Nonce: "no", Verifier: "ve", ReturnTo: "/paket", Until: t0.Add(10 * time.Minute)}
	if err := s.AddOIDCLogin(ctx, l); err != nil {
		t.Fatal(err)
	}
	got, err := s.TakeOIDCLogin(ctx, "l1", t0)
	if err != nil || got != l {
		t.Fatalf("take = %+v, %v; want %+v", got, err, l)
	}
	if _, err := s.TakeOIDCLogin(ctx, "l1", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second take: %v, want ErrNotFound (one use)", err)
	}
	l.Hash = "l2"
	s.AddOIDCLogin(ctx, l)
	if _, err := s.TakeOIDCLogin(ctx, "l2", t0.Add(10*time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired take: %v, want ErrNotFound", err)
	}
	if _, err := s.TakeOIDCLogin(ctx, "l2", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an expired login was kept: %v", err)
	}
}

func TestAudit(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for _, a := range []store.Audit{
		{Actor: "anna", Action: "inloggning", Object: "lokal"},
		{Actor: "okänd", Action: "inloggning nekad", Detail: strings.Repeat("å", 2000)},
		{Actor: "anna", Action: "utloggning"},
	} {
		if err := s.AddAudit(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddAudit(ctx, store.Audit{Actor: "x"}); err == nil {
		t.Error("an entry without action was stored")
	}
	log, err := s.AuditLog(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "utloggning" || log[1].Action != "inloggning nekad" {
		t.Fatalf("log = %+v, want the two newest, newest first", log)
	}
	if log[0].At.IsZero() || !log[0].At.After(log[1].At) {
		t.Errorf("times = %v, %v", log[0].At, log[1].At)
	}
	if d := log[1].Detail; len(d) > 1010 || !strings.HasSuffix(d, "å…") {
		t.Errorf("long detail kept as %d bytes, ending %q; want clipped on a rune boundary", len(d), d[len(d)-6:])
	}
}
