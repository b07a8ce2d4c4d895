package config

import (
	"strings"
	"time"

	"handlingsplan/apperr"
	"handlingsplan/plan"
)

// AdoptionMeeting finds the meeting of the named plan's forum on day – a meeting
// of its kunskapsråd, or of RSL for a collaboration group – at which the plan can
// be adopted (fastställd), with the plan's canonical name and the forum's. Errors
// are apperr.Invalid with a Swedish message that says what to do.
func (c *Config) AdoptionMeeting(planName string, day time.Time) (canonical string, forum string, m Meeting, err error) {
	name, fname, ms, err := c.AdoptionMeetings(planName)
	if err != nil {
		return "", "", Meeting{}, err
	}
	day = truncDay(day)
	var dates []string
	for _, x := range ms {
		if x.Date.Equal(day) {
			return name, fname, x, nil
		}
		dates = append(dates, x.Date.Format("2006-01-02"))
	}
	if len(dates) == 0 {
		return "", "", Meeting{}, apperr.Newf(apperr.Invalid, "%s har inga möten i mötesplanen. Lägg till mötet under meetings i konfigurationen.", fname)
	}
	return "", "", Meeting{}, apperr.Newf(apperr.Invalid, "%s har inget möte %s i mötesplanen. Ange ett av dess möten (%s), eller lägg till mötet under meetings i konfigurationen.",
		fname, day.Format("2006-01-02"), strings.Join(dates, ", "))
}

// AdoptionMeetings lists, oldest first, the meetings of the named plan's forum at
// which it can be adopted, with the plan's canonical name and the forum's; for
// the web page's choice of meeting.
func (c *Config) AdoptionMeetings(planName string) (canonical string, forum string, ms []Meeting, err error) {
	name, f, ok := c.Catalog.Area(planName)
	if !ok {
		return "", "", nil, apperr.Newf(apperr.Invalid, "Okänt programområde eller samverkansgrupp %q. Skriv namnet som i konfigurationen, t.ex. %s.",
			planName, strings.Join(c.Catalog.AllAreas()[:min(3, len(c.Catalog.AllAreas()))], ", "))
	}
	a, mf := plan.AudienceKR, f.Name
	if f.Kind == plan.ForumRSL {
		a, mf = plan.AudienceRSL, ""
	}
	for _, x := range c.sortedMeetings() {
		if x.Audience == a && x.Forum == mf {
			ms = append(ms, x)
		}
	}
	return name, f.Name, ms, nil
}
