package decision_test

import (
	"os"
	"testing"
	"time"
	_ "time/tzdata"
)

// TestMain runs the tests in the region's time zone, not the machine's (CI's is
// UTC): the working list's dates come without a zone and the store keeps days
// in local time, and a list uploaded again must still match what it recorded.
func TestMain(m *testing.M) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	time.Local = loc
	os.Exit(m.Run())
}
