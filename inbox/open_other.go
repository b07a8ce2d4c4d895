//go:build !unix

package inbox

// openFlags: os.Root confines links to the inbox; the fstat comparison does the rest.
const openFlags = 0
