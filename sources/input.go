package sources

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// ReadFile reads a file from disk for Read, never more than lim.MaxFileBytes+1
// bytes whatever its size says: a device such as /dev/zero reports size 0 and
// never ends. Folders, devices, FIFOs and sockets are refused without reading.
// Errors carry a Swedish message for FileProblem.
func ReadFile(path string, lim Limits) ([]byte, error) {
	lim = withDefaults(lim)
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, reject(err, "Filen finns inte. Kontrollera namnet och sökvägen.")
	case errors.Is(err, fs.ErrPermission):
		return nil, reject(err, "Filen får inte läsas (behörighet saknas).")
	case err != nil:
		return nil, reject(err, "Filen kan inte öppnas.")
	case fi.IsDir():
		return nil, reject(nil, "Det här är en mapp, inte en fil. Ange de ifyllda mallarna (.xlsx eller .pptx).")
	case !fi.Mode().IsRegular():
		return nil, reject(nil, "Det här är ingen vanlig fil (utan en enhet, en namngiven rörledning eller en socket) och läses inte. "+
			"Ange de ifyllda mallarna (.xlsx eller .pptx).")
	case fi.Size() > lim.MaxFileBytes:
		return nil, errTooLarge(fi.Size(), lim)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, reject(err, "Filen kan inte öppnas.")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, lim.MaxFileBytes+1))
	if err != nil {
		return nil, reject(err, "Filen kunde inte läsas till slut; den kan vara skadad eller ligga på en enhet som inte svarar.")
	}
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, errTooLarge(int64(len(data)), lim)
	}
	return data, nil
}
