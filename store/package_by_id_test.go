package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"handlingsplan/store"
)

func TestPackageByID(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	run, err := s.CreateRun(ctx, store.Run{Audience: "rsl"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, path := range []string{"RSL_2026-12-01", "RSL_2026-12-08"} {
		id, err := s.AddPackage(ctx, store.Package{RunID: run, Audience: "rsl", Path: path, ZipPath: path + "/" + path + ".zip",
			Manifest: json.RawMessage(`{"package":"` + path + `"}`)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	got, err := s.PackageByID(ctx, ids[0])
	if err != nil || got.Path != "RSL_2026-12-01" || got.RunID != run || string(got.Manifest) != `{"package":"RSL_2026-12-01"}` {
		t.Errorf("PackageByID(%d) = %+v, %v", ids[0], got, err)
	}
	if _, err := s.PackageByID(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown package: %v, want ErrNotFound", err)
	}
}
