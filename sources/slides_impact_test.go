package sources

import "testing"

func TestSplitImpact(t *testing.T) {
	tests := []struct{ in, choice, detail string }{
		{"Verksamhetsförändring", "Verksamhetsförändring", ""},
		{"Finansiell förändring – 2,4 mnkr per år", "Finansiell förändring", "2,4 mnkr per år"},
		{"Arbetsfördelning/nivåstrukturering: kirurgin till Linköping", "Arbetsfördelning/nivåstrukturering", "kirurgin till Linköping"},
		{"Verksamhetsförändring. Ny mottagning 2027.", "Verksamhetsförändring", "Ny mottagning 2027."},
		{"Ingen", "Ingen", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, d := splitImpact(tt.in)
			if c != tt.choice || d != tt.detail {
				t.Errorf("splitImpact(%q) = %q, %q; want %q, %q", tt.in, c, d, tt.choice, tt.detail)
			}
		})
	}
}
