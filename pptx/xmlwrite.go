package pptx

import (
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// The writers of the parts most repeated (table cells, paragraphs, runs) append to
// the builder directly: fmt's formatting was a fifth of writing a large deck.

// writeInt writes n in decimal.
func writeInt(b *strings.Builder, n int64) {
	var buf [20]byte
	b.Write(strconv.AppendInt(buf[:0], n, 10))
}

// writeEsc writes s escaped as esc does, without copying text that needs no escape.
func writeEsc(b *strings.Builder, s string) {
	if plainXML(s) {
		b.WriteString(s)
		return
	}
	xml.EscapeText(b, []byte(s)) // writes to a strings.Builder never fail
}

// plainXML reports whether xml.EscapeText would write s unchanged.
func plainXML(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < 0x20, c == '"', c == '\'', c == '&', c == '<', c == '>':
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += n
	}
	return true
}

// writeAttrInt writes ` name="n"`.
func writeAttrInt(b *strings.Builder, name string, n int64) {
	b.WriteByte(' ')
	b.WriteString(name)
	b.WriteString(`="`)
	writeInt(b, n)
	b.WriteByte('"')
}

// builtBytes returns what b holds as bytes without copying them: the parts are
// written once and only read afterwards (by the zip writer), and a slide's XML is
// tens of kilobytes. b must not be written to afterwards.
func builtBytes(b *strings.Builder) []byte {
	s := b.String()
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
