package zipguard

import (
	"archive/zip"
	"errors"
	"fmt"
	"strings"
)

// Reasons an archive is refused for the names of its entries; a *NameError wraps them.
var (
	// ErrDuplicateEntry: two entries with the same name (folded, with \ as /);
	// readers would take one or the other, or read both.
	ErrDuplicateEntry = errors.New("duplicate zip entry name")
	// ErrInsecureName: an absolute entry name, a drive letter, a ".." element or
	// a NUL byte, which no Office program writes.
	ErrInsecureName = errors.New("insecure zip entry name")
)

// NameError names the entry refused with ErrDuplicateEntry or ErrInsecureName.
type NameError struct {
	Err   error
	Entry string
}

func (e *NameError) Error() string { return fmt.Sprintf("%v: %q", e.Err, e.Entry) }

func (e *NameError) Unwrap() error { return e.Err }

// checkNames refuses duplicate entry names and names that could point outside
// the archive.
func checkNames(files []*zip.File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if err := checkName(f.Name); err != nil {
			return err
		}
		k := Key(f.Name)
		if seen[k] {
			return &NameError{Err: ErrDuplicateEntry, Entry: f.Name}
		}
		seen[k] = true
	}
	return nil
}

func checkName(name string) error {
	n := strings.ReplaceAll(name, `\`, "/")
	switch {
	case strings.HasPrefix(n, "/"), len(n) >= 2 && n[1] == ':', strings.ContainsRune(n, 0):
		return &NameError{Err: ErrInsecureName, Entry: name}
	}
	for _, el := range strings.Split(n, "/") {
		if el == ".." {
			return &NameError{Err: ErrInsecureName, Entry: name}
		}
	}
	return nil
}

// Key is the name under which readers look an entry up: OPC part names are
// case-insensitive, and some writers use \ as separator.
func Key(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.ReplaceAll(name, `\`, "/"), "/"))
}
