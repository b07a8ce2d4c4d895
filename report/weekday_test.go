package report_test

import (
	"testing"
	"time"

	"handlingsplan/report"
)

func TestWeekdayAndDayMonth(t *testing.T) {
	tests := []struct {
		day                   time.Time
		wantWeekday, wantDate string
	}{
		{time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC), "måndag", "30 november"},
		{time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), "torsdag", "3 december"},
		{time.Date(2027, 3, 28, 0, 0, 0, 0, time.UTC), "söndag", "28 mars"},
		{time.Date(2027, 10, 30, 0, 0, 0, 0, time.UTC), "lördag", "30 oktober"},
	}
	for _, tt := range tests {
		if got := report.Weekday(tt.day); got != tt.wantWeekday {
			t.Errorf("Weekday(%v) = %q, want %q", tt.day, got, tt.wantWeekday)
		}
		if got := report.DayMonth(tt.day); got != tt.wantDate {
			t.Errorf("DayMonth(%v) = %q, want %q", tt.day, got, tt.wantDate)
		}
	}
	if got := report.DayMonth(time.Time{}); got != "–" {
		t.Errorf("DayMonth(zero) = %q, want –", got)
	}
}
