package plan

import (
	"fmt"
	"strings"
)

// Status is the traffic-light status of an activity.
type Status string

// The statuses. StatusNone means not given; the readers report it as an error.
const (
	StatusNone   Status = ""
	StatusGreen  Status = "gron"
	StatusYellow Status = "gul"
	StatusRed    Status = "rod"
	StatusDone   Status = "avslutad"
)

// Statuses lists the statuses in the order they are shown.
var Statuses = []Status{StatusGreen, StatusYellow, StatusRed, StatusDone}

// Label is the Swedish word users see, e.g. "Grön".
func (s Status) Label() string {
	switch s {
	case StatusGreen:
		return "Grön"
	case StatusYellow:
		return "Gul"
	case StatusRed:
		return "Röd"
	case StatusDone:
		return "Avslutad"
	}
	return "Saknas"
}

// Meaning is the Swedish explanation, e.g. "enligt plan".
func (s Status) Meaning() string {
	switch s {
	case StatusGreen:
		return "enligt plan"
	case StatusYellow:
		return "pågår med mindre problem"
	case StatusRed:
		return "allvarliga problem"
	case StatusDone:
		return "avslutad"
	}
	return "status saknas"
}

// severity orders open statuses so that the worst can be found.
func (s Status) severity() int {
	switch s {
	case StatusGreen:
		return 1
	case StatusYellow:
		return 2
	case StatusRed:
		return 3
	}
	return 0
}

// Worse reports whether s is a more serious open status than t.
func (s Status) Worse(t Status) bool { return s.severity() > t.severity() }

var statusWords = map[string]Status{}

func init() {
	for s, words := range map[Status][]string{
		StatusGreen:  {"grön", "grönt", "g", "green", "enligt plan"},
		StatusYellow: {"gul", "gult", "y", "yellow", "mindre problem"},
		StatusRed:    {"röd", "rött", "r", "red", "allvarliga problem"},
		StatusDone:   {"avslutad", "avslutat", "klar", "klart", "x", "☒", "☑", "✓", "✔", "done"},
	} {
		for _, w := range words {
			statusWords[w] = s
		}
	}
}

// AcceptedStatusWords is the Swedish list of accepted status words, for error messages.
const AcceptedStatusWords = "Grön (grön, grönt, g, green, enligt plan), Gul (gul, gult, y, yellow, mindre problem), " +
	"Röd (röd, rött, r, red, allvarliga problem) eller Avslutad (avslutad, avslutat, klar, klart, x, ☒, ☑, ✓, ✔, done)"

// ParseStatus reads a status word case-insensitively. A text such as
// "Grön – enligt plan" is accepted when its first word is a status word.
func ParseStatus(text string) (Status, error) {
	t := strings.ToLower(strings.Join(strings.Fields(text), " "))
	t = strings.TrimRight(t, ".:!")
	// "● Grön": a marker character in front of the word, as our decks write it.
	if m := strings.TrimLeft(t, "●⬤○◯• "); m != "" {
		t = m
	}
	if t == "" {
		return StatusNone, fmt.Errorf("status saknas; ange %s", AcceptedStatusWords)
	}
	if s, ok := statusWords[t]; ok {
		return s, nil
	}
	// "Grön – enligt plan", "Gul (mindre problem)"
	if i := strings.IndexAny(t, " -–—(,"); i > 0 {
		if s, ok := statusWords[strings.TrimSpace(t[:i])]; ok && len(t[:i]) > 1 {
			return s, nil
		}
	}
	return StatusNone, fmt.Errorf("okänd status %q; ange %s", text, AcceptedStatusWords)
}

// StatusCounts counts activities per status.
type StatusCounts struct {
	Green, Yellow, Red, Done int
}

// Add counts one activity of status s.
func (c *StatusCounts) Add(s Status) {
	switch s {
	case StatusGreen:
		c.Green++
	case StatusYellow:
		c.Yellow++
	case StatusRed:
		c.Red++
	case StatusDone:
		c.Done++
	}
}

// Plus returns the sum of two counts.
func (c StatusCounts) Plus(d StatusCounts) StatusCounts {
	return StatusCounts{c.Green + d.Green, c.Yellow + d.Yellow, c.Red + d.Red, c.Done + d.Done}
}

// Of returns the count for status s.
func (c StatusCounts) Of(s Status) int {
	switch s {
	case StatusGreen:
		return c.Green
	case StatusYellow:
		return c.Yellow
	case StatusRed:
		return c.Red
	case StatusDone:
		return c.Done
	}
	return 0
}

// Total is the number of counted activities.
func (c StatusCounts) Total() int { return c.Green + c.Yellow + c.Red + c.Done }
