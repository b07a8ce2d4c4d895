package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"handlingsplan/auth/password"
)

// TestHashPasswordPipe runs the command as a user would: the password piped in
// on two lines through a real pipe on standard input.
func TestHashPasswordPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = r
	t.Cleanup(func() { os.Stdin = old; r.Close() })
	go func() {
		w.WriteString("Sjukvård 2026 !\nSjukvård 2026 !\n")
		w.Close()
	}()
	code, out, errOut := cli(t, "hash-password")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	h := strings.TrimSpace(out)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(out, "\n") != 1 {
		t.Errorf("output %q, want one PHC line", out)
	}
	if ok, err := password.Check(h, "Sjukvård 2026 !"); err != nil || !ok {
		t.Errorf("the printed hash does not verify the password: %v, %v", ok, err)
	}
	if errOut != "" {
		t.Errorf("stderr %q, want nothing when piped", errOut)
	}
}

func TestHashPassword(t *testing.T) {
	tests := []struct {
		name, in, wantPW, wantErr string
		want                      int
	}{
		{"OK", "lösenord123\nlösenord123\n", "lösenord123", "", exitOK},
		{"CRLF", "lösenord123\r\nlösenord123\r\n", "lösenord123", "", exitOK},
		{"NoFinalNewline", "lösenord123\nlösenord123", "lösenord123", "", exitOK},
		{"SpacesKept", "  med mellanslag  \n  med mellanslag  \n", "  med mellanslag  ", "", exitOK},
		{"Mismatch", "lösenord123\nlösenord124\n", "", "lösenorden är inte lika", exitFail},
		{"Empty", "\n\n", "", "lösenordet är tomt", exitFail},
		{"Short", "kort\nkort\n", "", "kortare än 8 tecken", exitFail},
		{"OnceOnly", "lösenord123\n", "", "två gånger", exitFail},
		{"Nothing", "", "", "två gånger", exitFail},
		{"TooLong", strings.Repeat("x", 5000) + "\n", "", "längre än 1024", exitFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := hashPassword(strings.NewReader(tt.in), &out, &errOut)
			if code != tt.want || !strings.Contains(errOut.String(), tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut.String(), tt.want, tt.wantErr)
			}
			if tt.want != exitOK {
				if out.Len() != 0 {
					t.Errorf("printed %q on failure", out.String())
				}
				return
			}
			if ok, err := password.Check(strings.TrimSpace(out.String()), tt.wantPW); err != nil || !ok {
				t.Errorf("hash does not verify %q: %v %v", tt.wantPW, ok, err)
			}
		})
	}
	t.Run("PasswordAsArgument", func(t *testing.T) {
		if code, _, errOut := cli(t, "hash-password", "hemligt"); code != exitUsage || !strings.Contains(errOut, "standard in") {
			t.Errorf("exit %d, %q", code, errOut)
		}
	})
}
