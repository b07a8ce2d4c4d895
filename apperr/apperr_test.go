package apperr

import (
	"errors"
	"fmt"
	"testing"
)

func TestCodeAndMessage(t *testing.T) {
	dbErr := errors.New("database is locked")
	tests := []struct {
		name     string
		err      error
		wantCode Code
		wantMsg  string
	}{
		{"nil", nil, "", InternalMessage},
		{"plain error is internal", dbErr, Internal, InternalMessage},
		{"coded", New(NotFound, "Planen finns inte."), NotFound, "Planen finns inte."},
		{"wrapped in fmt", fmt.Errorf("run: %w", New(Invalid, "Okänd målgrupp.")), Invalid, "Okänd målgrupp."},
		{"internal cause hidden", Wrap(Internal, "", "store.FinishRun", dbErr), Internal, InternalMessage},
		{"outer message wins", Wrap(Conflict, "Upptaget.", "x", New(Invalid, "inre")), Conflict, "Upptaget."},
		{"inner message used when outer has none", Wrap(Internal, "", "x", New(Invalid, "inre")), Internal, "inre"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CodeOf(tt.err); got != tt.wantCode {
				t.Errorf("CodeOf = %q, want %q", got, tt.wantCode)
			}
			if tt.err == nil {
				return
			}
			if got := MessageOf(tt.err); got != tt.wantMsg {
				t.Errorf("MessageOf = %q, want %q", got, tt.wantMsg)
			}
		})
	}
	if !errors.Is(Wrap(Internal, "", "op", dbErr), dbErr) {
		t.Error("Wrap does not unwrap to its cause")
	}
}
