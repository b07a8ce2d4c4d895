package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"handlingsplan/store"
)

func TestUploadsAndInboxNames(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	long := strings.Repeat("å", 300) + ".xlsx" // no length limit in the store
	t.Run("PendingUntilRecorded", func(t *testing.T) {
		u := store.Upload{InboxName: "uppladdad-1.xlsx", FileName: long, Submitter: "anna"}
		if err := s.AddUpload(ctx, u); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.PendingUpload(ctx, u.InboxName)
		if err != nil || !ok || got.FileName != long || got.Submitter != "anna" || got.Created.IsZero() {
			t.Fatalf("PendingUpload = %+v, %v, %v", got, ok, err)
		}
		if err := s.AddUpload(ctx, u); err == nil {
			t.Error("the same inbox name twice accepted")
		}
		id, err := s.RecordSubmission(ctx, store.Submission{FileName: long, InboxName: u.InboxName, Submitter: "anna", SHA256: "ab"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.PendingUpload(ctx, u.InboxName); ok {
			t.Error("pending upload kept after its submission was recorded")
		}
		sub, ok, err := s.SubmissionByInboxName(ctx, u.InboxName)
		if err != nil || !ok || sub.ID != id || sub.FileName != long || sub.InboxName != u.InboxName {
			t.Fatalf("SubmissionByInboxName = %+v, %v, %v", sub, ok, err)
		}
		if _, ok, _ := s.SubmissionFromInbox(ctx, u.InboxName, "cd"); ok {
			t.Error("found by inbox name with other bytes")
		}
		if sub, ok, _ := s.SubmissionFromInbox(ctx, u.InboxName, "ab"); !ok || sub.ID != id {
			t.Error("not found by inbox name and sha256")
		}
	})
	t.Run("InboxNameDefaultsToFileName", func(t *testing.T) {
		if _, err := s.RecordSubmission(ctx, store.Submission{FileName: "Plan.xlsx", SHA256: "ef"}); err != nil {
			t.Fatal(err)
		}
		if sub, ok, _ := s.SubmissionFromInbox(ctx, "Plan.xlsx", "ef"); !ok || sub.InboxName != "Plan.xlsx" {
			t.Errorf("SubmissionFromInbox = %+v, %v", sub, ok)
		}
	})
	t.Run("DeleteStale", func(t *testing.T) {
		old := time.Now().Add(-2 * time.Hour)
		for _, n := range []string{"borta", "kvar", "ny"} {
			created := old
			if n == "ny" {
				created = time.Now()
			}
			if err := s.AddUpload(ctx, store.Upload{InboxName: n, FileName: n, Created: created}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.DeleteStaleUploads(ctx, time.Now().Add(-time.Hour), func(name string) bool { return name == "kvar" })
		if err != nil || n != 1 {
			t.Fatalf("DeleteStaleUploads = %d, %v; want 1", n, err)
		}
		for name, want := range map[string]bool{"borta": false, "kvar": true, "ny": true} {
			if _, ok, _ := s.PendingUpload(ctx, name); ok != want {
				t.Errorf("%s pending = %v, want %v", name, ok, want)
			}
		}
	})
}
