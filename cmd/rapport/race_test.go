//go:build race

package main

// raceEnabled lets the heaviest tests skip under the race detector, which slows the engine
// about tenfold.
const raceEnabled = true
