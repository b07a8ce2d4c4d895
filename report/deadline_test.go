package report_test

import (
	"testing"
	"time"

	"handlingsplan/plan"
	"handlingsplan/report"
)

func TestDeadline(t *testing.T) {
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	day := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02", s, stockholm)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	at := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02 15:04", s, stockholm)
		if err != nil {
			t.Fatal(err)
		}
		return d.UTC() // the store keeps UTC
	}
	w := report.Window{PreviousMeeting: day("2026-09-10"), Deadline: day("2026-11-19"), Meeting: day("2026-12-03")}
	after := at("2026-12-10 08:00")
	tests := []struct {
		name     string
		received []string
		window   report.Window
		now      time.Time
		want     report.DeadlineStatus
	}{
		{"InTime", []string{"2026-06-01 10:00", "2026-11-02 09:00"}, w, after, report.DeadlineInTime},
		{"LastMinuteOfDeadline", []string{"2026-11-19 23:59"}, w, after, report.DeadlineInTime},
		{"Late", []string{"2026-06-01 10:00", "2026-11-20 00:01"}, w, after, report.DeadlineLate},
		{"InTimeThenAgainLate", []string{"2026-11-10 10:00", "2026-11-25 10:00"}, w, after, report.DeadlineInTime},
		{"NotUpdated", []string{"2026-06-01 10:00", "2026-09-09 16:00"}, w, after, report.DeadlineNotUpdated},
		{"UpdatedOnPreviousMeetingDay", []string{"2026-09-10 15:00"}, w, after, report.DeadlineInTime},
		{"Missing", nil, w, after, report.DeadlineMissing},
		{"OnlyAfterTheMeeting", []string{"2026-12-04 09:00"}, w, after, report.DeadlineMissing},
		{"UpdateAfterTheMeetingDoesNotCount", []string{"2026-06-01 10:00", "2026-12-04 09:00"}, w, after, report.DeadlineNotUpdated},
		{"NotYetSubmittedBeforeDeadline", []string{"2026-06-01 10:00"}, w, at("2026-11-12 12:00"), report.DeadlineNotUpdated},
		{"ClockHidesLaterVersions", []string{"2026-06-01 10:00", "2026-11-15 10:00"}, w, at("2026-11-12 12:00"), report.DeadlineNotUpdated},
		{"NoPreviousMeeting", []string{"2025-01-01 10:00"}, report.Window{Deadline: w.Deadline, Meeting: w.Meeting}, after, report.DeadlineInTime},
		{"NoPreviousMeetingLate", []string{"2026-11-30 10:00"}, report.Window{Deadline: w.Deadline, Meeting: w.Meeting}, after, report.DeadlineLate},
		{"NoDeadline", []string{"2026-11-02 09:00"}, report.Window{Meeting: w.Meeting}, after, report.DeadlineNone},
		{"ZeroClock", []string{"2026-12-01 09:00"}, w, time.Time{}, report.DeadlineLate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var received []time.Time
			for _, s := range tt.received {
				received = append(received, at(s))
			}
			if got := report.Deadline(received, tt.window, tt.now); got != tt.want {
				t.Errorf("Deadline = %q, want %q", got, tt.want)
			}
		})
	}
}

// The overview rows of a meeting's report carry every plan's deadline status.
func TestBuildDeadline(t *testing.T) {
	cfg, in := sampleInput(t)
	medicin, _ := cfg.Catalog.Forum("Medicin")
	m, ok := cfg.NextMeeting(plan.AudienceKR, medicin.Name, in.Meeting.AddDate(0, 0, -1))
	if !ok {
		t.Fatal("no Medicin meeting")
	}
	in.Deadline = cfg.DeadlineOf(m)
	hjarta, endokrina := "RPO Hjärt- och kärlsjukdomar", "RPO Endokrina sjukdomar"
	in.Received = map[string][]time.Time{
		hjarta:    {in.Deadline.Add(-48 * time.Hour)},
		endokrina: {in.PreviousMeeting.AddDate(0, 0, -3), in.Deadline.AddDate(0, 0, 2)},
	}
	r, err := report.Build(report.Request{Audience: plan.AudienceKR, Forum: medicin.Name}, in)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Deadline.Equal(in.Deadline) {
		t.Errorf("report deadline %v, want %v", r.Deadline, in.Deadline)
	}
	want := map[string]report.DeadlineStatus{
		hjarta: report.DeadlineInTime, endokrina: report.DeadlineLate,
		"RPO Njur- och urinvägssjukdomar": report.DeadlineMissing,
	}
	for _, row := range r.Overview {
		if w, ok := want[row.Name]; ok && row.Deadline != w {
			t.Errorf("%s: deadline %q, want %q", row.Name, row.Deadline, w)
		}
		if row.Deadline == report.DeadlineNone {
			t.Errorf("%s: no deadline status", row.Name)
		}
	}
}

// An RSL meeting's deadline is for the collaboration groups that report to RSL,
// not for the councils' programme areas in the same overview.
func TestBuildDeadlineRSL(t *testing.T) {
	_, in := sampleInput(t)
	in.Deadline = in.Meeting.AddDate(0, 0, -14)
	r, err := report.Build(report.Request{Audience: plan.AudienceRSL}, in)
	if err != nil {
		t.Fatal(err)
	}
	groups := 0
	for _, row := range r.Overview {
		isGroup := len(row.Name) > 4 && row.Name[:4] == "RSG "
		if isGroup {
			groups++
		}
		if isGroup == (row.Deadline == report.DeadlineNone) {
			t.Errorf("%s: deadline %q", row.Name, row.Deadline)
		}
	}
	if groups == 0 {
		t.Fatal("no collaboration groups in the RSL overview")
	}
}
