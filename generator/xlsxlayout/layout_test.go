package xlsxlayout

import (
	"strings"
	"testing"
)

func TestRowHeight(t *testing.T) {
	tests := []struct {
		name   string
		texts  []string
		widths []float64
		size   float64
		want   float64
	}{
		{"Empty", nil, nil, 10, 16},
		{"OneLine", []string{"Grön"}, []float64{12}, 10, 16},
		{"Breaks", []string{"a\nb\nc"}, []float64{12}, 10, 42},
		{"Wraps", []string{strings.Repeat("ord ", 20)}, []float64{20}, 10, 55},
		{"TallestColumnWins", []string{"kort", "a\nb"}, []float64{10, 10}, 10, 29},
		{"Capped", []string{strings.Repeat("x\n", 500)}, []float64{10}, 10, MaxRowHeight},
	}
	for _, tt := range tests {
		if got := RowHeight(tt.texts, tt.widths, tt.size); got != tt.want {
			t.Errorf("%s: RowHeight = %v, want %v", tt.name, got, tt.want)
		}
	}
}
