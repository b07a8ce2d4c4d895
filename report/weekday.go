package report

import (
	"fmt"
	"time"
)

var weekdays = []string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}

// Weekday is the Swedish name of t's weekday, lowercase as Swedish writes it: "måndag".
func Weekday(t time.Time) string { return weekdays[t.Weekday()] }

// DayMonth formats a day without its year, e.g. "3 december", for prose where the
// year goes without saying; "–" for the zero time.
func DayMonth(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return fmt.Sprintf("%d %s", t.Day(), months[t.Month()-1])
}
