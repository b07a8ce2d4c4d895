package output

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Why a package file cannot be served; callers word them for their users.
var (
	ErrNotInPackage = errors.New("output: no such file in the package")
	ErrFileGone     = errors.New("output: the package file is no longer in the output folder")
	ErrSuperseded   = errors.New("output: the package file was replaced by a later build")
)

// OpenPackageFile opens one file of a built package under root (the output
// folder): an output its manifest lists, its zip, or, when withManifest is set,
// manifest.json. dir and zip are the package's folder and zip as the store
// records them, relative to root. name is only compared with those names, so no
// name from a request ever becomes a path. An output whose size differs from the
// manifest belongs to a later build of the same package and is refused.
func OpenPackageFile(root *os.Root, dir, zip string, m Manifest, name string, withManifest bool) (*os.File, fs.FileInfo, error) {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, nil, ErrNotInPackage
	}
	var rel string
	size := int64(-1) // the zip and the manifest are not listed with a size
	switch {
	case zip != "" && name == path.Base(zip):
		rel = zip
	case withManifest && name == ManifestName:
		rel = path.Join(dir, ManifestName)
	}
	for _, o := range m.Outputs {
		if o.Name == name {
			rel, size = path.Join(dir, o.Name), o.Size
		}
	}
	if rel == "" {
		return nil, nil, ErrNotInPackage
	}
	f, err := root.Open(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, ErrFileGone
	}
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, ErrFileGone
	}
	if size >= 0 && fi.Size() != size {
		f.Close()
		return nil, nil, ErrSuperseded
	}
	return f, fi, nil
}
