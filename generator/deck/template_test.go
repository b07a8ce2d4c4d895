package deck

import (
	"bytes"
	"strings"
	"testing"

	"handlingsplan/config"
	"handlingsplan/pptx"
	"handlingsplan/sources"
)

func TestTemplate(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := Template(&a, &cfg.Catalog); err != nil {
		t.Fatal(err)
	}
	if err := Template(&b, &cfg.Catalog); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the blank template is not the same twice")
	}
	if err := pptx.Check(a.Bytes()); err != nil {
		t.Fatal(err)
	}
	// The reader finds the table: an empty template lacks a name and activities,
	// not the table.
	r := sources.Read(sources.Input{Name: "mall.pptx", Data: a.Bytes()}, &cfg.Catalog, sources.Limits{})
	if r.Format != "pptx" {
		t.Fatalf("format %q", r.Format)
	}
	for _, p := range r.Problems {
		if strings.Contains(p.Message, "Ingen tabell") {
			t.Errorf("the reader does not recognise the template's table: %s", p)
		}
	}
}
