// Package password makes and checks argon2id password hashes in the PHC string
// format ($argon2id$v=19$m=19456,t=2,p=1$salt$hash) that config.yaml holds.
//
// Parameters are read from the hash itself, so that old hashes keep working when
// the defaults change, but only within bounds: a hostile or mistyped config must
// not make one sign-in allocate gigabytes or spin for minutes.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Default parameters: OWASP's recommendation for argon2id (19 MiB, 2 passes, 1 lane).
const (
	DefaultMemoryKiB = 19456
	DefaultTime      = 2
	DefaultThreads   = 1
	saltLen          = 16
	keyLen           = 32
)

// Bounds on parameters read from a hash.
const (
	MaxMemoryKiB = 256 * 1024 // 256 MiB
	MaxTime      = 10
	MaxThreads   = 16
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
)

// Params are the argon2id parameters of one hash.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// Hash is a parsed PHC string.
type Hash struct {
	Params Params
	Salt   []byte
	Key    []byte
}

var b64 = base64.RawStdEncoding

// Default is the parameter set New uses.
var Default = Params{MemoryKiB: DefaultMemoryKiB, Time: DefaultTime, Threads: DefaultThreads}

// New hashes password with the default parameters and a random salt and returns
// the PHC string.
func New(password string) (string, error) { return NewWithParams(password, Default) }

// NewWithParams is New with other parameters (within the bounds), e.g. cheap
// ones in tests.
func NewWithParams(password string, p Params) (string, error) {
	if p.MemoryKiB == 0 || p.MemoryKiB > MaxMemoryKiB || p.Time == 0 || p.Time > MaxTime ||
		p.Threads == 0 || p.Threads > MaxThreads || p.MemoryKiB < 8*uint32(p.Threads) {
		return "", fmt.Errorf("argon2id-parametrarna m=%d,t=%d,p=%d ligger utanför gränserna", p.MemoryKiB, p.Time, p.Threads)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return Hash{Params: p, Salt: salt, Key: derive(password, p, salt, keyLen)}.String(), nil
}

// String formats h as a PHC string.
func (h Hash) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.Params.MemoryKiB, h.Params.Time, h.Params.Threads, b64.EncodeToString(h.Salt), b64.EncodeToString(h.Key))
}

// Parse reads a PHC argon2id string and checks its parameters against the bounds.
// Its errors are Swedish, for the config's messages.
func Parse(s string) (Hash, error) {
	var h Hash
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, errors.New("är ingen argon2id-hash på formen $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, fmt.Errorf("version %q stöds inte; använd v=%d", parts[2], argon2.Version)
	}
	var m, t, p uint64
	seen := map[string]bool{}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil || seen[k] {
			return h, fmt.Errorf("parametern %q är ogiltig", kv)
		}
		seen[k] = true
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			p = n
		default:
			return h, fmt.Errorf("okänd parameter %q", k)
		}
	}
	switch {
	case m == 0 || m > MaxMemoryKiB:
		return h, fmt.Errorf("minnet m=%d ligger utanför 1–%d KiB", m, MaxMemoryKiB)
	case t == 0 || t > MaxTime:
		return h, fmt.Errorf("t=%d ligger utanför 1–%d", t, MaxTime)
	case p == 0 || p > MaxThreads:
		return h, fmt.Errorf("p=%d ligger utanför 1–%d", p, MaxThreads)
	case m < 8*p:
		return h, fmt.Errorf("minnet m=%d är mindre än 8·p", m)
	}
	h.Params = Params{MemoryKiB: uint32(m), Time: uint32(t), Threads: uint8(p)}
	var err error
	if h.Salt, err = b64.DecodeString(parts[4]); err != nil || len(h.Salt) < minSaltLen || len(h.Salt) > maxSaltLen {
		return Hash{}, fmt.Errorf("saltet ska vara %d–%d byte i base64 utan utfyllnad", minSaltLen, maxSaltLen)
	}
	if h.Key, err = b64.DecodeString(parts[5]); err != nil || len(h.Key) < minKeyLen || len(h.Key) > maxKeyLen {
		return Hash{}, fmt.Errorf("hashen ska vara %d–%d byte i base64 utan utfyllnad", minKeyLen, maxKeyLen)
	}
	return h, nil
}

// Verify reports whether password matches h, comparing in constant time.
func (h Hash) Verify(password string) bool {
	got := derive(password, h.Params, h.Salt, uint32(len(h.Key)))
	return subtle.ConstantTimeCompare(got, h.Key) == 1
}

// Check parses phc and verifies password against it.
func Check(phc, password string) (bool, error) {
	h, err := Parse(phc)
	if err != nil {
		return false, err
	}
	return h.Verify(password), nil
}

func derive(password string, p Params, salt []byte, n uint32) []byte {
	return argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, n)
}
