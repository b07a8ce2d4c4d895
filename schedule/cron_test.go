package schedule

import (
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"handlingsplan/config"
)

// TestCronAcrossDaylightSaving walks schedules through both changes of 2027 in
// Europe/Stockholm: spring forward on Sunday 28 March (02:00 → 03:00) and fall back
// on Sunday 31 October (03:00 → 02:00). Each matching wall-clock time runs once.
func TestCronAcrossDaylightSaving(t *testing.T) {
	sthlm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, sthlm) }
	tests := []struct {
		name      string
		spec      string
		from, to  time.Time
		want      []string // local times, with the zone to tell the two 02:30s apart
		wantCount int      // when want is nil
	}{
		{"SpringForward0230", "CRON_TZ=Europe/Stockholm 30 2 * * *", day(2027, 3, 26), day(2027, 3, 30), []string{
			"2027-03-26 02:30 CET", "2027-03-27 02:30 CET",
			"2027-03-28 03:00 CEST", // 02:30 does not exist: run when the clocks jump
			"2027-03-29 02:30 CEST",
		}, 0},
		{"FallBack0230", "CRON_TZ=Europe/Stockholm 30 2 * * *", day(2027, 10, 29), day(2027, 11, 2), []string{
			"2027-10-29 02:30 CEST", "2027-10-30 02:30 CEST",
			"2027-10-31 02:30 CEST", // and not again at 02:30 CET an hour later
			"2027-11-01 02:30 CET",
		}, 0},
		{"SpringForward0600", "CRON_TZ=Europe/Stockholm 0 6 * * *", day(2027, 3, 27), day(2027, 3, 30), []string{
			"2027-03-27 06:00 CET", "2027-03-28 06:00 CEST", "2027-03-29 06:00 CEST",
		}, 0},
		{"FallBack0600", "CRON_TZ=Europe/Stockholm 0 6 * * *", day(2027, 10, 30), day(2027, 11, 2), []string{
			"2027-10-30 06:00 CEST", "2027-10-31 06:00 CET", "2027-11-01 06:00 CET",
		}, 0},
		{"SpringForwardEvery20MinutesAt2", "CRON_TZ=Europe/Stockholm */20 2 * * *", day(2027, 3, 27), day(2027, 3, 29), []string{
			"2027-03-27 02:00 CET", "2027-03-27 02:20 CET", "2027-03-27 02:40 CET",
			"2027-03-28 03:00 CEST", // the three skipped times run once, at the jump
		}, 0},
		{"FallBackEvery20MinutesAt2", "CRON_TZ=Europe/Stockholm */20 2 * * *", day(2027, 10, 31), day(2027, 11, 1), []string{
			"2027-10-31 02:00 CEST", "2027-10-31 02:20 CEST", "2027-10-31 02:40 CEST",
		}, 0},
		{"HourlyOnTheShortDay", "CRON_TZ=Europe/Stockholm 0 * * * *", day(2027, 3, 28).Add(-time.Second), day(2027, 3, 29).Add(-time.Second), nil, 23},
		{"HourlyOnTheLongDay", "CRON_TZ=Europe/Stockholm 0 * * * *", day(2027, 10, 31).Add(-time.Second), day(2027, 11, 1).Add(-time.Second), nil, 24},
		{"UTCHasNoChange", "CRON_TZ=UTC 30 2 * * *", day(2027, 3, 27), day(2027, 3, 30), []string{
			"2027-03-27 03:30 CET", "2027-03-28 04:30 CEST", "2027-03-29 04:30 CEST",
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := config.ParseCron(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			c := cronTimes{s.(*cron.SpecSchedule)}
			var got []string
			for at := c.next(tt.from); !at.IsZero() && !at.After(tt.to); at = c.next(at) {
				got = append(got, at.In(sthlm).Format("2006-01-02 15:04 MST"))
			}
			if tt.want == nil {
				if len(got) != tt.wantCount {
					t.Errorf("%d runs, want %d: %v", len(got), tt.wantCount, got)
				}
				seen := map[string]bool{}
				for _, g := range got {
					wall := g[:16]
					if seen[wall] {
						t.Errorf("wall-clock time %s ran twice: %v", wall, got)
					}
					seen[wall] = true
				}
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("runs\n got  %q\n want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("run %d = %s, want %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}
