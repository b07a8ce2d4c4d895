package codeid

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name     string
		settings []debug.BuildSetting
		want     string
	}{
		{"clean", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}, "vcs abc go1.x"},
		{"modified", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}, ""},
		{"no vcs", nil, ""},
		{"no modified flag", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fromBuildInfo(&debug.BuildInfo{GoVersion: "go1.x", Settings: tt.settings})
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestIdentity: a test binary carries no VCS stamp, so it is named by its own
// bytes, the same on every call.
func TestIdentity(t *testing.T) {
	id := Identity()
	if !strings.HasPrefix(id, "sha256 ") && !strings.HasPrefix(id, "vcs ") || len(id) < 20 {
		t.Fatalf("Identity() = %q", id)
	}
	if Identity() != id {
		t.Error("Identity changed between calls")
	}
}
