package password

import (
	"strings"
	"testing"
)

func TestNewAndVerify(t *testing.T) {
	phc, err := New("korrekt häst batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash = %q, want the default PHC prefix", phc)
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{{"korrekt häst batteri", true}, {"korrekt häst batteri ", false}, {"", false}, {"Korrekt häst batteri", false}} {
		ok, err := Check(phc, tt.pw)
		if err != nil || ok != tt.want {
			t.Errorf("Check(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
	again, _ := New("korrekt häst batteri")
	if again == phc {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

// TestParamsFromHash checks that a hash with other parameters and lengths than
// our defaults verifies: they are read from the string.
func TestParamsFromHash(t *testing.T) {
	h := Hash{Params: Params{MemoryKiB: 64, Time: 3, Threads: 2}, Salt: []byte("saltsaltsalt"), Key: nil}
	h.Key = derive("lösen", h.Params, h.Salt, 24)
	ok, err := Check(h.String(), "lösen")
	if err != nil || !ok {
		t.Fatalf("Check(%s) = %v, %v", h, ok, err)
	}
}

func TestParseErrors(t *testing.T) {
	const salt, key = "c2FsdHNhbHRzYWx0", "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5"
	tests := []struct {
		name, phc, want string
	}{
		{"Empty", "", "ingen argon2id-hash"},
		{"Bcrypt", "$2a$10$abcdefghijklmnopqrstuu", "ingen argon2id-hash"},
		{"Argon2i", "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key, "ingen argon2id-hash"},
		{"OldVersion", "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key, "version"},
		{"HugeMemory", "$argon2id$v=19$m=4194304,t=2,p=1$" + salt + "$" + key, "m=4194304"},
		{"ManyPasses", "$argon2id$v=19$m=19456,t=1000,p=1$" + salt + "$" + key, "t=1000"},
		{"ManyThreads", "$argon2id$v=19$m=19456,t=2,p=255$" + salt + "$" + key, "p=255"},
		{"ZeroThreads", "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key, "p=0"},
		{"Overflow", "$argon2id$v=19$m=99999999999,t=2,p=1$" + salt + "$" + key, "ogiltig"},
		{"UnknownParam", "$argon2id$v=19$m=19456,t=2,p=1,x=3$" + salt + "$" + key, "okänd"},
		{"DuplicateParam", "$argon2id$v=19$m=19456,m=2,p=1$" + salt + "$" + key, "ogiltig"},
		{"ShortSalt", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + key, "saltet"},
		{"BadBase64", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$!!!!", "hashen"},
		{"PaddedKey", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=", "hashen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.phc)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tt.phc, err, tt.want)
			}
		})
	}
}

func TestNewWithParamsBounds(t *testing.T) {
	for _, p := range []Params{{0, 1, 1}, {MaxMemoryKiB + 1, 1, 1}, {64, 0, 1}, {64, 11, 1}, {64, 1, 0}, {64, 1, 17}, {64, 1, 16}} {
		if _, err := NewWithParams("x", p); err == nil {
			t.Errorf("NewWithParams(%+v) made a hash outside the bounds", p)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	h, _ := New("lösenord")
	p, _ := Parse(h)
	for b.Loop() {
		p.Verify("lösenord")
	}
}
