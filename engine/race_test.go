//go:build race

package engine

// raceEnabled lets tests that time the engine skip under the race detector, which slows it
// about tenfold and unevenly.
const raceEnabled = true
