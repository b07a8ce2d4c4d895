package sources

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"

	"handlingsplan/zipguard"
)

// Why xmlScan refuses a part.
var (
	errXMLDTD      = errors.New("XML document type declaration (DOCTYPE or ENTITY)")
	errXMLDepth    = errors.New("XML nested too deeply")
	errXMLElements = errors.New("too many XML elements")
)

// xmlScan looks at the shape of XML parts before any parser does: how many
// elements they hold (against one budget for the whole file), how deeply they
// nest, and whether they declare a DTD, whose entities could multiply a small
// part. It is a small state machine over the bytes, not a parser: it allocates
// nothing and leaves well-formedness to the readers.
type xmlScan struct {
	elemsLeft int
}

// part inflates one entry and scans it, refusing it when more than limit bytes
// come out; it returns the real size.
func (sc *xmlScan) part(f *zip.File, limit int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("%w: %s: %w", zipguard.ErrCorrupt, f.Name, err)
	}
	defer rc.Close()
	cr := &countingReader{r: io.LimitReader(rc, limit+1)}
	err = sc.scan(cr)
	switch {
	case cr.n > limit:
		return cr.n, &zipguard.LimitError{Err: zipguard.ErrUnzippedTooLarge, Got: cr.n, Limit: limit, Entry: f.Name}
	case errors.Is(err, errXMLDTD), errors.Is(err, errXMLDepth), errors.Is(err, errXMLElements):
		return cr.n, err
	case err != nil:
		return cr.n, fmt.Errorf("%w: %s: %w", zipguard.ErrCorrupt, f.Name, err)
	}
	return cr.n, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Scanner states.
const (
	stText    = iota
	stLt      // after '<'
	stTag     // in a start tag
	stSlash   // '/' in a start tag
	stQuote   // in an attribute value
	stEndTag  // in an end tag
	stPI      // in <? … ?>
	stPIQ     // '?' in a processing instruction
	stBang    // after "<!"
	stComment // in <!-- … -->
	stCDATA   // in <![CDATA[ … ]]>
)

// scan reads r to the end (or to the first refusal).
func (sc *xmlScan) scan(r io.Reader) error {
	buf := make([]byte, 64<<10)
	state, depth, run := stText, 0, 0 // run: dashes, brackets or bytes after "<!"
	var quote byte
	var bang [7]byte
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		for i := 0; i < len(chunk); i++ {
			c := chunk[i]
			switch state {
			case stText:
				j := bytes.IndexByte(chunk[i:], '<')
				if j < 0 {
					i = len(chunk)
					continue
				}
				i += j
				state = stLt
			case stLt:
				switch c {
				case '/':
					state = stEndTag
					depth--
				case '?':
					state = stPI
				case '!':
					state, run = stBang, 0
				default:
					if sc.elemsLeft--; sc.elemsLeft < 0 {
						return errXMLElements
					}
					if depth++; depth > maxXMLDepth {
						return errXMLDepth
					}
					state = stTag
					if c == '>' {
						state = stText
					}
				}
			case stTag:
				switch c {
				case '"', '\'':
					state, quote = stQuote, c
				case '/':
					state = stSlash
				case '>':
					state = stText
				}
			case stSlash:
				switch c {
				case '>':
					depth--
					state = stText
				case '"', '\'':
					state, quote = stQuote, c
				case '/':
				default:
					state = stTag
				}
			case stQuote:
				j := bytes.IndexByte(chunk[i:], quote)
				if j < 0 {
					i = len(chunk)
					continue
				}
				i += j
				state = stTag
			case stEndTag:
				if c == '>' {
					state = stText
				}
			case stPI:
				if c == '?' {
					state = stPIQ
				}
			case stPIQ:
				switch c {
				case '>':
					state = stText
				case '?':
				default:
					state = stPI
				}
			case stBang:
				bang[run] = c
				run++
				switch got := bang[:run]; {
				case bytes.Equal(got, commentOpen):
					state, run = stComment, 0
				case bytes.Equal(got, cdataOpen):
					state, run = stCDATA, 0
				case !bytes.HasPrefix(commentOpen, got) && !bytes.HasPrefix(cdataOpen, got):
					return errXMLDTD // <!DOCTYPE, <!ENTITY, <!ELEMENT …
				}
			case stComment:
				switch {
				case c == '-':
					run++
				case c == '>' && run >= 2:
					state = stText
					run = 0
				default:
					run = 0
				}
			case stCDATA:
				switch {
				case c == ']':
					run++
				case c == '>' && run >= 2:
					state = stText
					run = 0
				default:
					run = 0
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

var commentOpen, cdataOpen = []byte("--"), []byte("[CDATA[")
