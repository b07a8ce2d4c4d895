package output

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// Four writers of different packages at once must never disturb each other:
// issue 7 found about one build in ten failing when every write ran Recover.
func TestWritePackageConcurrentDifferentPackages(t *testing.T) {
	root := t.TempDir()
	const writers, rounds = 4, 200
	var failed atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			name := fmt.Sprintf("Paket-%d_2026-12-03", w)
			for i := range rounds {
				if _, err := WritePackage(context.Background(), root, name, manifest(), files(fmt.Sprint(i))); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d builds failed", n, writers*rounds)
	}
	for w := range writers {
		if _, err := ReadManifest(filepath.Join(root, fmt.Sprintf("Paket-%d_2026-12-03", w))); err != nil {
			t.Error(err)
		}
	}
}
