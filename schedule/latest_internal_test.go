package schedule

import (
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"handlingsplan/config"
)

func TestLatest(t *testing.T) {
	sthlm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, sthlm) }
	tests := []struct {
		name     string
		spec     string
		from, to time.Time
		want     time.Time // zero: none
	}{
		{"EveryMinuteForAYear", "* * * * *", at(2026, 1, 1, 0, 0), at(2026, 12, 31, 23, 59), at(2026, 12, 31, 23, 59)},
		{"WeeklyLongAgo", "0 6 * * 1", at(2026, 6, 1, 0, 0), at(2026, 12, 2, 12, 0), at(2026, 11, 30, 6, 0)},
		{"YearlyInWindow", "0 6 1 1 *", at(2026, 6, 1, 0, 0), at(2027, 3, 1, 0, 0), at(2027, 1, 1, 6, 0)},
		{"NoneInWindow", "0 6 1 1 *", at(2027, 1, 1, 6, 0), at(2027, 3, 1, 0, 0), time.Time{}},
		{"FromIsExcluded", "0 6 * * 1", at(2026, 11, 30, 6, 0), at(2026, 12, 6, 0, 0), time.Time{}},
		{"ToIsIncluded", "0 6 * * 1", at(2026, 11, 29, 6, 0), at(2026, 11, 30, 6, 0), at(2026, 11, 30, 6, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := config.ParseCron("CRON_TZ=Europe/Stockholm " + tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			c := cronBuild{times: cronTimes{s.(*cron.SpecSchedule)}}
			if got := c.latest(tt.from, tt.to); !got.Equal(tt.want) {
				t.Errorf("latest = %v, want %v", got, tt.want)
			}
		})
	}
}
