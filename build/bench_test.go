package build_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"handlingsplan/build"
	"handlingsplan/plan"
	"handlingsplan/store"
)

// BenchmarkPlanChanged is the service's everyday path: one plan gets a new
// version and the region is asked for through the queue (as the scheduler's
// PlanChanged does); only that plan's packages – its council's, RSL's, SVN's and
// its own – are built again, the others are found unchanged.
func BenchmarkPlanChanged(b *testing.B) {
	e := newEnv(b)
	ctx := context.Background()
	rebuilt, skipped := 0, 0
	q, err := build.New(build.Options{Store: e.st, Config: e.cfg, Version: "bench", Now: func() time.Time { return today },
		Events: func(ev build.Event) {
			switch {
			case ev.Err != nil:
				b.Error(ev.Err)
			case ev.Skipped:
				skipped++
			default:
				rebuilt++
			}
		}})
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close(ctx)
	submit := func(reason string) {
		id, _, err := q.Submit(ctx, build.Request{Audience: build.AudienceAll, Reason: reason, By: "bench"})
		if err == nil {
			err = q.Wait(ctx, id)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	submit("första bygget")
	const name = "RPO Hjärt- och kärlsjukdomar"
	cur, err := e.st.Latest(ctx, name)
	if err != nil {
		b.Fatal(err)
	}
	rebuilt, skipped = 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		changed := *cur.Plan
		changed.Areas = append([]plan.Area(nil), cur.Plan.Areas...)
		changed.Areas[0].Title = fmt.Sprintf("%s (version %d)", cur.Plan.Areas[0].Title, i)
		at := today.Add(time.Duration(i+1) * time.Minute)
		e.st.Now = func() time.Time { return at }
		sub := store.Submission{FileName: "ny.xlsx", SHA256: fmt.Sprintf("%064x", i+1), Format: "xlsx", Received: at}
		if _, _, _, err := e.st.Accept(ctx, sub, &changed); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		submit("ändrad plan: " + name)
	}
	b.StopTimer()
	if rebuilt != 4*b.N || skipped != 19*b.N {
		b.Fatalf("rebuilt %d and skipped %d packages in %d runs; want 4 and 19 a run", rebuilt, skipped, b.N)
	}
	b.ReportMetric(float64(rebuilt)/float64(b.N), "rebuilt/op")
}
