//go:build race

package sources

// raceEnabled: the race detector slows code down many times; wall-time bounds
// do not hold under it.
const raceEnabled = true
