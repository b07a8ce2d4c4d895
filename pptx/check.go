package pptx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Check verifies the package structure of a .pptx, as a test helper for any package that
// writes decks: every XML part is well-formed and free of DTDs, every part has a content
// type, every content type override names a part, every internal relationship target
// exists, relationship ids are unique per part and every r:id used in a part is defined,
// slide and master/layout ids in presentation.xml are unique and in range, and shape ids
// are unique within each slide. It returns all problems found, joined.
func Check(data []byte) error {
	a, err := openArchive(data, Limits{})
	if err != nil {
		return err
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	var ct xContentTypes
	if !a.has("[Content_Types].xml") {
		return fmt.Errorf("%w: no [Content_Types].xml", ErrCorrupt)
	}
	if err := a.xmlPart("[Content_Types].xml", &ct); err != nil {
		return err
	}
	for _, o := range ct.Overrides {
		if !a.has(strings.TrimPrefix(o.Part, "/")) {
			fail("content type override for missing part %s", o.Part)
		}
	}

	parts := map[string][]byte{}
	for _, n := range a.names {
		if n == "[Content_Types].xml" {
			continue
		}
		if ct.contentType(n) == "" {
			fail("part %s has no content type", n)
		}
		data, err := a.part(n)
		if err != nil {
			return err
		}
		if isXML(n) {
			if err := wellFormed(data); err != nil {
				fail("part %s is not well-formed XML: %v", n, err)
				continue
			}
		}
		parts[n] = data
	}

	for _, n := range a.names {
		if strings.HasSuffix(n, ".rels") || n == "[Content_Types].xml" {
			continue
		}
		rels, err := a.relsOf(n)
		if err != nil {
			fail("relationships of %s: %v", n, err)
			continue
		}
		ids := map[string]bool{}
		for _, r := range rels {
			if ids[r.id] {
				fail("%s: relationship id %s used twice", n, r.id)
			}
			ids[r.id] = true
			if !r.external && !a.has(r.target) {
				fail("%s: relationship %s targets missing part %s", n, r.id, r.target)
			}
		}
		if isXML(n) {
			for _, id := range usedRelIDs(parts[n]) {
				if !ids[id] {
					fail("%s: r:id %s has no relationship", n, id)
				}
			}
		}
	}
	if rels, err := a.relsOf(""); err != nil {
		fail("package relationships: %v", err)
	} else {
		ids := map[string]bool{}
		for _, r := range rels {
			if ids[r.id] {
				fail("package relationship id %s used twice", r.id)
			}
			ids[r.id] = true
			if !r.external && !a.has(r.target) {
				fail("package relationship %s targets missing part %s", r.id, r.target)
			}
		}
		if main, ok := findRel(rels, "officeDocument"); ok && parts[main.target] != nil {
			checkPresentationIDs(parts[main.target], fail)
		} else {
			fail("no main document part")
		}
	}

	for _, n := range a.names {
		data := parts[n]
		if strings.HasPrefix(n, "ppt/slides/") && strings.HasSuffix(n, ".xml") {
			seen := map[string]bool{}
			for _, id := range attrValues(data, "cNvPr", "id") {
				if seen[id] {
					fail("%s: shape id %s used twice", n, id)
				}
				seen[id] = true
			}
		}
	}
	return errors.Join(errs...)
}

func isXML(name string) bool {
	return strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels")
}

// checkPresentationIDs checks the id ranges ECMA-376 sets for slides (256 ≤ id < 2^31) and
// for masters and layouts (≥ 2^31, unique together).
func checkPresentationIDs(data []byte, fail func(string, ...any)) {
	seen := map[string]bool{}
	for _, id := range attrValuesIn(data, "p14", "sldId", "id", true) { // p14:sldId lists slides again in their sections
		var n int64
		if _, err := fmt.Sscan(id, &n); err != nil || n < 256 || n >= 2147483648 {
			fail("presentation: slide id %s out of range", id)
		}
		if seen[id] {
			fail("presentation: slide id %s used twice", id)
		}
		seen[id] = true
	}
	for _, id := range attrValues(data, "sldMasterId", "id") {
		if seen[id] {
			fail("presentation: master id %s used twice", id)
		}
		seen[id] = true
	}
}

// attrValues returns the values of attribute attr on every element named elem.
func attrValues(data []byte, elem, attr string) []string {
	return attrValuesIn(data, "", elem, attr, false)
}

// attrValuesIn is attrValues for the elements with (or, with not, without) the
// namespace prefix prefix.
func attrValuesIn(data []byte, prefix, elem, attr string, not bool) []string {
	var out []string
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == elem && (prefix == "" || (se.Name.Space == prefix) != not) {
			for _, at := range se.Attr {
				if at.Name.Local == attr && at.Name.Space == "" {
					out = append(out, at.Value)
				}
			}
		}
	}
}

// usedRelIDs returns the values of attributes in the relationships namespace (r:id,
// r:embed, r:link, …) used in an XML part.
func usedRelIDs(data []byte) []string {
	var out []string
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF || err != nil {
			return out
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, at := range se.Attr {
				if at.Name.Space == nsRel || at.Name.Space == "http://purl.oclc.org/ooxml/officeDocument/relationships" {
					out = append(out, at.Value)
				}
			}
		}
	}
}
